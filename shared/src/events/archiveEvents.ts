import { z } from 'zod';

/** Bus subjects carry a version; payloads never carry patient demographics. */
export const Subject = {
  InstanceStored: 'archive.instance.stored.v1',
  StudyUpdated: 'archive.study.updated.v1',
  StudyDeleted: 'archive.study.deleted.v1',
} as const;

export type SubjectName = (typeof Subject)[keyof typeof Subject];

const uid = z.string().regex(/^[0-9]+(\.[0-9]+)*$/).max(64);

export const InstanceStoredV1 = z.object({
  studyInstanceUID: uid,
  seriesInstanceUID: uid,
  sopInstanceUID: uid,
  sopClassUID: uid,
  transferSyntaxUID: uid,
  sizeBytes: z.number().int().nonnegative(),
  /** How the instance arrived: stow, dimse, import, convert, demo. */
  source: z.enum(['stow', 'dimse', 'import', 'convert', 'demo']),
  /** stored: new; duplicate: same bytes already held; replaced: overwrite policy. */
  outcome: z.enum(['stored', 'replaced']),
  storedAt: z.string().datetime(),
});
export type InstanceStoredV1 = z.infer<typeof InstanceStoredV1>;

export const StudyUpdatedV1 = z.object({
  studyInstanceUID: uid,
  numberOfSeries: z.number().int().nonnegative(),
  numberOfInstances: z.number().int().nonnegative(),
  updatedAt: z.string().datetime(),
});
export type StudyUpdatedV1 = z.infer<typeof StudyUpdatedV1>;

export const StudyDeletedV1 = z.object({
  studyInstanceUID: uid,
  deletedAt: z.string().datetime(),
});
export type StudyDeletedV1 = z.infer<typeof StudyDeletedV1>;

/** Subject → payload schema, the single source for publish and subscribe checks. */
export const EventSchemas = {
  [Subject.InstanceStored]: InstanceStoredV1,
  [Subject.StudyUpdated]: StudyUpdatedV1,
  [Subject.StudyDeleted]: StudyDeletedV1,
} as const;

export type EventPayload<S extends SubjectName> = z.infer<(typeof EventSchemas)[S]>;
