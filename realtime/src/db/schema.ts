import { bigint, bigserial, customType, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** bytea as Uint8Array on both drivers (node-postgres gives a Buffer, which is one). */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (value instanceof Uint8Array ? value : new Uint8Array(value)),
});

/** Tables are prefixed `realtime_` so they can share a PostgreSQL database with the archive's. */
export const sessions = pgTable('realtime_sessions', {
  id: uuid('id').primaryKey(),
  title: text('title').notNull().default(''),
  studyInstanceUIDs: jsonb('study_instance_uids').$type<string[]>().notNull(),
  joinTokenSha256: text('join_token_sha256').notNull(),
  hostTokenSha256: text('host_token_sha256').notNull(),
  /** The account that started the session: it is host from any device, without the host token. */
  createdBy: text('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The Yjs update log: every accepted update, in arrival order (`seq` from one
 * sequence, so increasing across processes). Appended before an update is
 * broadcast; compaction folds a prefix into the snapshot.
 */
export const docUpdates = pgTable(
  'realtime_doc_updates',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    update: bytea('update').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.seq] })],
);

/** The compacted state of a session's document: every update with seq <= uptoSeq merged. */
export const docSnapshots = pgTable('realtime_doc_snapshots', {
  sessionId: uuid('session_id')
    .primaryKey()
    .references(() => sessions.id, { onDelete: 'cascade' }),
  state: bytea('state').notNull(),
  uptoSeq: bigint('upto_seq', { mode: 'number' }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
