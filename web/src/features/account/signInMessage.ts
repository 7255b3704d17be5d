/** What a failed sign-in tells the person: precise, never which of email or password was wrong. */
export function signInMessage(status: number | undefined): string {
  if (status === 429) return 'Too many attempts: this account or address is paused. Wait (up to 15 minutes after 5 failures), then try again.';
  if (status === 401 || status === 400) return 'Wrong email or password.';
  if (status === 403) return 'This account is blocked. Ask an administrator.';
  return 'Sign-in failed: the server did not answer. Try again.';
}

/** Where to go after signing in: a path of this site only (no open redirect). */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}
