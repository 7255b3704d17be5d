/**
 * What a browser remembers of its sessions: the user's display name (local
 * storage, for every session), and per session and tab the host token of a
 * session this tab created and the participant id the server gave, so a
 * reload resumes the same participant instead of joining as a new one.
 */
const NAME_KEY = 'consilium.displayName';
const sessionKey = (sessionId: string) => `consilium.session.${sessionId}`;

export interface RememberedSession {
  hostToken?: string;
  participantId?: string;
  /** The colour the session gave this participant, asked for again on rejoin so it never changes mid-session. */
  colour?: string;
}

/** Browser storage can be disabled (privacy modes, sandboxed frames): fall back to not remembering. */
function storage(kind: 'local' | 'session'): Storage | undefined {
  try {
    return kind === 'local' ? window.localStorage : window.sessionStorage;
  } catch {
    return undefined;
  }
}

export function rememberedName(): string {
  return storage('local')?.getItem(NAME_KEY) ?? '';
}

export function rememberName(name: string): void {
  storage('local')?.setItem(NAME_KEY, name);
}

export function rememberedSession(sessionId: string): RememberedSession {
  const raw = storage('session')?.getItem(sessionKey(sessionId));
  if (!raw) return {};
  try {
    const parsed = JSON.parse(raw) as RememberedSession;
    return typeof parsed === 'object' && parsed !== null ? parsed : {};
  } catch {
    return {};
  }
}

export function rememberSession(sessionId: string, patch: RememberedSession): void {
  storage('session')?.setItem(sessionKey(sessionId), JSON.stringify({ ...rememberedSession(sessionId), ...patch }));
}

/** The link others open to join: this page with the session and its join token, nothing else. */
export function inviteLink(pageUrl: string, sessionId: string, joinToken: string): string {
  const url = new URL(pageUrl);
  url.search = '';
  url.hash = '';
  url.searchParams.set('session', sessionId);
  url.searchParams.set('join', joinToken);
  return url.toString();
}
