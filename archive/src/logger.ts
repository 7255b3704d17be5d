import pino from 'pino';

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

export function createLogger(level = 'info'): Logger {
  return pino({
    name: 'archive',
    level,
    redact: {
      paths: [...PATIENT_FIELDS, ...PATIENT_FIELDS.map((f) => `*.${f}`)],
      censor: '[redacted]',
    },
  });
}
