import { EventSchemas, err, ok, type EventPayload, type Result, type SubjectName } from '@consilium/shared';
import type { z } from 'zod';

/**
 * Checks an event payload against its subject's schema. The error is a summary
 * of issue paths and codes only, never values, so it is safe to log.
 */
export function validatePayload<S extends SubjectName>(
  subject: S,
  data: unknown,
): Result<EventPayload<S>, string> {
  // Indexed by a generic key the schema's type is a union; the map pairs them.
  const schema = EventSchemas[subject] as unknown as z.ZodType<EventPayload<S>> | undefined;
  if (schema === undefined) return err(`unknown subject ${String(subject)}`);
  const parsed = schema.safeParse(data);
  return parsed.success ? ok(parsed.data) : err(describeIssues(parsed.error.issues));
}

/** Publishing an invalid payload is a bug in the publisher: throw. */
export function requireValidPayload<S extends SubjectName>(subject: S, data: unknown): EventPayload<S> {
  const result = validatePayload(subject, data);
  if (!result.ok) throw new Error(`Refusing to publish an invalid ${subject} event: ${result.error}`);
  return result.value;
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => `${issue.path.map((key) => String(key)).join('.') || '(root)'}: ${issue.code}`)
    .join('; ');
}
