/**
 * Runs once when the web server starts (Next.js instrumentation): opens the
 * accounts database, migrates it and makes sure there is an administrator,
 * so a first start says at once how to sign in.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { getAuth } = await import('./server/auth/getAuth');
  await getAuth();
}
