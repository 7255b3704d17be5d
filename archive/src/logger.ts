import pino from 'pino';
import { withoutQueryParams } from '@consilium/shared';

/**
 * Demographics never reach a log line: any field with one of these names is
 * redacted wherever it appears. Log UIDs and AE titles instead.
 */
const PATIENT_FIELDS = [
  'PatientName',
  'PatientID',
  'PatientBirthDate',
  'PatientSex',
  'PatientAddress',
  'OtherPatientIDs',
  'patientName',
  'patientId',
  'patientID',
  'patientBirthDate',
];

export type Logger = pino.Logger;

/** Errors as pino writes them, without a failed statement's parameters (see withoutQueryParams). */
export function serializeError(error: unknown): unknown {
  const safe = withoutQueryParams(error);
  return safe === error ? pino.stdSerializers.err(error as Error) : safe;
}

export function createLogger(level = 'info'): Logger {
  return pino({
    name: 'archive',
    level,
    serializers: { err: serializeError },
    redact: {
      paths: [...PATIENT_FIELDS, ...PATIENT_FIELDS.map((f) => `*.${f}`)],
      censor: '[redacted]',
    },
  });
}
