/**
 * An error fit for a log line: a failed SQL statement's error (drizzle's
 * DrizzleQueryError) repeats the statement's parameters in its message and
 * stack (names, IDs, queries, annotation text), so only the statement text
 * before "params:" stays, with the database's own code and reason from its
 * cause. Other errors come back unchanged, for the logger's own serializer.
 */
export function withoutQueryParams(error: unknown): unknown {
  if (!(error instanceof Error) || !/\nparams: /.test(error.message)) return error;
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  return {
    type: error.name === 'Error' ? error.constructor.name : error.name,
    message: `${error.message.split('\nparams: ')[0] ?? ''}\nparams: [redacted]`,
    ...(cause ? { cause: { code: cause.code, message: typeof cause.message === 'string' ? cause.message : undefined } } : {}),
  };
}
