import { z } from 'zod';

/**
 * Audit events (PS3.15 A.5.3): the Event ID each is reported under. Codes are
 * from PS3.16 CID 400 (Audit Event ID, coding scheme DCM).
 */
export const AuditEventId = {
  Query: { code: '110112', meaning: 'Query' },
  InstancesTransferred: { code: '110104', meaning: 'DICOM Instances Transferred' },
  InstancesAccessed: { code: '110103', meaning: 'DICOM Instances Accessed' },
  SecurityAlert: { code: '110113', meaning: 'Security Alert' },
  UserAuthentication: { code: '110114', meaning: 'User Authentication' },
  Export: { code: '110106', meaning: 'Export' },
  Import: { code: '110107', meaning: 'Import' },
} as const;

export type AuditEventName = keyof typeof AuditEventId;

/** PS3.15 A.5.1 EventOutcomeIndicator: success, minor failure, serious failure, major failure. */
export const AuditOutcome = { Success: 0, MinorFailure: 4, SeriousFailure: 8, MajorFailure: 12 } as const;

const eventNames = Object.keys(AuditEventId) as [AuditEventName, ...AuditEventName[]];

export const AuditActorSchema = z.object({
  /** Who: a user id, an AE title for DIMSE peers, `anonymous` when no credentials came. */
  userId: z.string().max(256),
  userName: z.string().max(256).optional(),
  roles: z.array(z.string().max(64)).max(16).optional(),
  /** The calling AE title of a DIMSE peer. */
  aeTitle: z.string().max(16).optional(),
  /** From where: the peer's IP address. */
  networkAddress: z.string().max(64).optional(),
});
export type AuditActor = z.infer<typeof AuditActorSchema>;

/**
 * One audit record as the services write it: who did what to which patients
 * and studies, when, from where, with what outcome. It holds patient IDs, so
 * it lives in the audit store only, never in operational logs.
 */
export const AuditRecordSchema = z.object({
  event: z.enum(eventNames),
  /** PS3.15 A.5.1 EventActionCode: Create, Read, Update, Delete, Execute. */
  action: z.enum(['C', 'R', 'U', 'D', 'E']),
  outcome: z.union([z.literal(0), z.literal(4), z.literal(8), z.literal(12)]),
  /** What failed, without patient data (a status, a refusal reason). */
  outcomeDescription: z.string().max(256).optional(),
  /** The protocol or operation: QIDO-RS, WADO-RS, STOW-RS, C-FIND, C-STORE, C-MOVE, C-GET, A-ASSOCIATE. */
  operation: z.string().max(64),
  /** The service that recorded it. */
  source: z.enum(['archive', 'web', 'realtime']),
  actor: AuditActorSchema,
  /** The receiving side of a transfer when it is not the actor (a C-MOVE destination). */
  destination: AuditActorSchema.optional(),
  patientIds: z.array(z.string().max(64)).max(1000),
  studyInstanceUIDs: z.array(z.string().max(64)).max(1000),
  /** Instances moved or stored, when counted. */
  instances: z.number().int().nonnegative().optional(),
  /** The query as asked (QIDO query string, C-FIND keys). */
  query: z.string().max(4096).optional(),
  /** The resource (a request path of UIDs). */
  resource: z.string().max(1024).optional(),
  at: z.string().datetime(),
});
export type AuditRecord = z.infer<typeof AuditRecordSchema>;
