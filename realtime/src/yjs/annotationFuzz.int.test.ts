import * as prng from 'lib0/prng';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SessionDocKey } from '@consilium/shared';
import type { SessionClient } from '../testing/SessionClient.js';
import { type TestDatabase, openTestDatabase, testBackends } from '../testing/testDatabase.js';
import { type TestRealtime, startTestRealtime } from '../testing/testRealtime.js';
import { newSession } from '../testing/testSession.js';

/** Seeds to replay; FUZZ_SEED runs one of your choice. A failure names its seed. */
const SEEDS = process.env.FUZZ_SEED ? [Number(process.env.FUZZ_SEED)] : [1, 2026, 90210];
const CLIENTS = 5;
const ROUNDS = 40;
const FIELDS = ['label', 'points', 'colour', 'locked', 'value'];

type Annotations = Y.Map<Y.Map<unknown>>;
const annotationsOf = (c: SessionClient) => c.doc.getMap(SessionDocKey.Annotations) as Annotations;
/** Key order of a Y.Map follows local integration order, so compare with sorted keys. */
const sorted = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(sorted)
    : typeof value === 'object' && value !== null
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, sorted(v)]))
      : value;
const view = (doc: Y.Doc) => JSON.stringify(sorted({ a: doc.getMap(SessionDocKey.Annotations).toJSON(), n: doc.getText(SessionDocKey.Notes).toString() }));

/** One random edit, as a viewer tool would make it: create, change a field, delete, or type into the notes. */
function randomEdit(gen: prng.PRNG, client: SessionClient, counter: { n: number }): void {
  const annotations = annotationsOf(client);
  const uids = [...annotations.keys()];
  const roll = prng.int32(gen, 0, 9);
  if (roll <= 2 || uids.length === 0) {
    const annotation = new Y.Map<unknown>();
    client.doc.transact(() => {
      annotations.set(`ann-${client.participantId.slice(0, 4)}-${counter.n++}`, annotation);
      annotation.set('toolName', prng.oneOf(gen, ['Length', 'Probe', 'EllipticalROI']));
      annotation.set('points', [prng.int32(gen, 0, 511), prng.int32(gen, 0, 511), 0]);
    });
  } else if (roll <= 6) {
    const annotation = annotations.get(prng.oneOf(gen, uids));
    annotation?.set(prng.oneOf(gen, FIELDS), prng.int32(gen, 0, 1000));
  } else if (roll === 7) {
    annotations.delete(prng.oneOf(gen, uids));
  } else {
    const notes = client.doc.getText(SessionDocKey.Notes);
    notes.insert(prng.int32(gen, 0, notes.length), prng.word(gen, 1, 6));
    if (notes.length > 40 && prng.bool(gen)) notes.delete(prng.int32(gen, 0, notes.length - 10), 5);
  }
}

describe.each(testBackends())('seeded fuzz: concurrent annotation edits with disconnects on %s', (backend) => {
  let db: TestDatabase;
  let server: TestRealtime;

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    // A small compaction threshold so compaction runs while clients are editing.
    server = await startTestRealtime({ ...db, env: { REALTIME_COMPACT_EVERY_UPDATES: '25', REALTIME_RECONNECT_GRACE_MS: '2000' } });
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  it.each(SEEDS)('seed %i: every client and the database converge', async (seed) => {
    const gen = prng.create(seed);
    const s = await newSession(server.realtime);
    try {
      const clients: SessionClient[] = [];
      for (let i = 0; i < CLIENTS; i++) clients.push(await s.join(server.url, `Reader ${i}`, { host: i === 0 }));
      const counter = { n: 0 };
      let disconnects = 0;
      for (let round = 0; round < ROUNDS; round++) {
        for (const client of clients) {
          const roll = prng.int32(gen, 0, 9);
          if (client.socket.connected && roll === 0) {
            // A network drop: the client reconnects by itself, editing offline meanwhile.
            client.drop();
            disconnects++;
          } else if (client.socket.connected && roll === 1 && prng.bool(gen)) {
            // Leaving on purpose and coming back later in the run.
            client.disconnect();
            disconnects++;
          } else if (!client.socket.active && roll <= 3) {
            client.socket.connect();
          } else {
            for (let k = prng.int32(gen, 1, 3); k > 0; k--) randomEdit(gen, client, counter);
          }
        }
        // Let the network interleave the rounds' messages (no fixed waits).
        if (prng.bool(gen)) await new Promise((resolve) => setImmediate(resolve));
      }
      for (const client of clients) await client.connected();

      const room = await server.realtime.registry.get(s.session.sessionId);
      if (!room) throw new Error('room not loaded');
      const converged = () => clients.every((c) => view(c.doc) === view(room.document.doc));
      await Promise.race(clients.map((c) => c.waitFor(converged, `convergence (seed ${seed})`, 30_000)));
      await room.document.settle();

      const persisted = await server.realtime.store.loadDoc(s.session.sessionId);
      expect(view(persisted), `persisted state (seed ${seed})`).toBe(view(clients[0]!.doc));
      expect(annotationsOf(clients[0]!).size).toBeGreaterThan(0);
      expect(disconnects, 'the seed exercised disconnects').toBeGreaterThan(0);
    } finally {
      s.closeAll();
    }
  });
});
