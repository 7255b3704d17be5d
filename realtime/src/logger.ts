import pino from 'pino';
import { withoutQueryParams } from '@consilium/shared';

/**
 * Demographics never reach a log line: any field with one of these names is
 * redacted wherever it appears. Participant display names are personal data
 * too: never log them. Log session ids and participant ids instead.
 */
const REDACTED_FIELDS = ['PatientName', 'PatientID', 'PatientBirthDate', 'patientName', 'patientId', 'token', 'joinToken', 'hostToken', 'auth', 'serviceToken', 'authorization'];

export type Logger = pino.Logger;

export function createLogger(level = 'info'): Logger {
  return pino({
    name: 'realtime',
    level,
    // A failed statement's parameters (Yjs updates, names) stay out of the log.
    serializers: {
      err: (error: unknown) => {
        const safe = withoutQueryParams(error);
        return safe === error ? pino.stdSerializers.err(error as Error) : safe;
      },
    },
    redact: {
      paths: [...REDACTED_FIELDS, ...REDACTED_FIELDS.map((f) => `*.${f}`)],
      censor: '[redacted]',
    },
  });
}
