import { randomBytes } from 'node:crypto';
import { Subject, type EventPayload } from '@consilium/shared';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Bus } from './Bus.js';
import { createBus } from './createBus.js';
import { createTestLogger } from './createTestLogger.js';
import { NatsBus, type NatsBusOptions } from './NatsBus.js';
import { studyUpdated } from './sampleEvents.js';

type StudyUpdated = EventPayload<typeof Subject.StudyUpdated>;

const NATS_URL = process.env.NATS_URL;
const RUN_ID = randomBytes(4).toString('hex');
const waitUntil = (assertion: () => unknown | Promise<unknown>) =>
  vi.waitFor(assertion, { timeout: 10_000, interval: 20 });

/**
 * Runs against a real NATS server (`NATS_URL=nats://127.0.0.1:4222`). Streams
 * cannot share subjects, so every test gets its own stream and subject prefix,
 * and every stream is deleted afterwards.
 */
describe.skipIf(!NATS_URL)('NatsBus (NATS JetStream)', () => {
  let admin: NatsConnection;
  let jsm: JetStreamManager;
  const streams: string[] = [];
  const buses: Bus[] = [];
  let testNo = 0;

  /** A fresh stream + prefix per test; buses opened with `open` share it. */
  function newNamespace() {
    testNo++;
    const streamName = `CONSILIUM_TEST_${RUN_ID}_${testNo}`;
    const subjectPrefix = `test_${RUN_ID}_${testNo}`;
    streams.push(streamName);
    const log = createTestLogger();
    const open = async (extra: Partial<NatsBusOptions> = {}) => {
      const bus = await NatsBus.connect({ url: NATS_URL!, logger: log.logger, streamName, subjectPrefix, ...extra });
      buses.push(bus);
      return bus;
    };
    return { streamName, subjectPrefix, log, open, wire: (s: string) => `${subjectPrefix}.${s}` };
  }

  beforeAll(async () => {
    admin = await connect({ servers: NATS_URL!, timeout: 3_000 });
    jsm = await jetstreamManager(admin);
  });
  afterEach(async () => {
    await Promise.all(buses.splice(0).map((b) => b.close()));
  });
  afterAll(async () => {
    for (const name of streams) await jsm.streams.delete(name).catch(() => undefined);
    await admin?.close();
  });

  it('creates the stream and delivers published events to a live subscriber', async () => {
    const ns = newNamespace();
    const bus = await ns.open({ streamMaxAgeMs: 60 * 60 * 1000 });
    expect(bus.kind).toBe('nats');
    const info = await jsm.streams.info(ns.streamName);
    expect(info.config).toMatchObject({ subjects: [ns.wire('archive.>')], storage: 'file', max_age: 3_600_000_000_000 });

    await bus.publish(Subject.StudyUpdated, studyUpdated(1));
    const received: StudyUpdated[] = [];
    await bus.subscribe(Subject.StudyUpdated, (p) => void received.push(p));
    await bus.publish(Subject.StudyUpdated, studyUpdated(2));
    await bus.publish(Subject.StudyUpdated, studyUpdated(3));

    await waitUntil(() => expect(received).toHaveLength(2));
    // An ephemeral subscription sees what is published after it starts, in order.
    expect(received).toEqual([studyUpdated(2), studyUpdated(3)]);
    // publish resolved only after JetStream stored each event.
    expect((await jsm.streams.info(ns.streamName)).state.messages).toBe(3);
  });

  it('rejects an invalid payload at publish without storing it', async () => {
    const ns = newNamespace();
    const bus = await ns.open();
    await expect(
      bus.publish(Subject.StudyUpdated, { ...studyUpdated(1), numberOfSeries: -1 }),
    ).rejects.toThrow(/numberOfSeries: too_small/);
    expect((await jsm.streams.info(ns.streamName)).state.messages).toBe(0);
  });

  it('resumes a durable subscription on a new connection with what it missed', async () => {
    const ns = newNamespace();
    const first = await ns.open();
    const before: StudyUpdated[] = [];
    await first.subscribe(Subject.StudyUpdated, (p) => void before.push(p), { durableName: 'indexer' });
    await first.publish(Subject.StudyUpdated, studyUpdated(1));
    await waitUntil(() => expect(before).toHaveLength(1));
    await first.close();

    const publisher = await ns.open();
    await publisher.publish(Subject.StudyUpdated, studyUpdated(2));
    await publisher.publish(Subject.StudyUpdated, studyUpdated(3));

    const restarted = await ns.open();
    const after: StudyUpdated[] = [];
    await restarted.subscribe(Subject.StudyUpdated, (p) => void after.push(p), { durableName: 'indexer' });
    await waitUntil(async () => {
      const consumer = await jsm.consumers.info(ns.streamName, 'indexer');
      expect(consumer.num_pending).toBe(0);
      expect(consumer.num_ack_pending).toBe(0);
    });
    expect(before).toEqual([studyUpdated(1)]);
    expect(after).toEqual([studyUpdated(2), studyUpdated(3)]);
  });

  it('redelivers to a durable subscriber whose handler failed, a bounded number of times', async () => {
    const ns = newNamespace();
    const bus = await ns.open({ maxDeliver: 3, redeliveryDelayMs: 10 });
    const attempts = new Map<number, number>();
    await bus.subscribe(
      Subject.StudyUpdated,
      (p) => {
        const n = (attempts.get(p.numberOfInstances) ?? 0) + 1;
        attempts.set(p.numberOfInstances, n);
        // Event 1 succeeds on its second try; event 2 never does.
        if (p.numberOfInstances === 2 || n < 2) throw new Error(`failure ${n}`);
      },
      { durableName: 'flaky' },
    );
    await bus.publish(Subject.StudyUpdated, studyUpdated(1));
    await bus.publish(Subject.StudyUpdated, studyUpdated(2));

    await waitUntil(() =>
      expect(ns.log.records.some((r) => r.msg.includes('last allowed delivery'))).toBe(true),
    );
    await waitUntil(async () => {
      expect((await jsm.consumers.info(ns.streamName, 'flaky')).num_ack_pending).toBe(0);
    });
    expect(Object.fromEntries(attempts)).toEqual({ 1: 2, 2: 3 });
    expect(ns.log.records.filter((r) => r.msg.includes('will redeliver'))).toHaveLength(3);
  });

  it('drops invalid events published raw to NATS, with a warning that does not echo them', async () => {
    const ns = newNamespace();
    const bus = await ns.open();
    const live: StudyUpdated[] = [];
    const durable: StudyUpdated[] = [];
    await bus.subscribe(Subject.StudyUpdated, (p) => void live.push(p));
    await bus.subscribe(Subject.StudyUpdated, (p) => void durable.push(p), { durableName: 'strict' });

    const subject = ns.wire(Subject.StudyUpdated);
    admin.publish(subject, JSON.stringify({ ...studyUpdated(1), studyInstanceUID: 'DOE^JANE' }));
    admin.publish(subject, 'not json at all');
    await admin.flush();
    await bus.publish(Subject.StudyUpdated, studyUpdated(2));

    await waitUntil(() => expect(live).toHaveLength(1));
    await waitUntil(() => expect(durable).toHaveLength(1));
    expect(live).toEqual([studyUpdated(2)]);
    expect(durable).toEqual([studyUpdated(2)]);
    const warnings = ns.log.records.filter((r) => r.msg === 'dropping invalid event');
    expect(warnings).toHaveLength(4);
    expect(warnings[0]).toMatchObject({ level: 40, subject: Subject.StudyUpdated });
    expect(ns.log.lines.join('')).not.toContain('DOE^JANE');
    // The durable consumer terminated the invalid events instead of redelivering them.
    await waitUntil(async () => {
      expect((await jsm.consumers.info(ns.streamName, 'strict')).num_ack_pending).toBe(0);
    });
  });

  it('stops delivery on unsubscribe', async () => {
    const ns = newNamespace();
    const bus = await ns.open();
    const gone: StudyUpdated[] = [];
    const stays: StudyUpdated[] = [];
    const subscription = await bus.subscribe(Subject.StudyUpdated, (p) => void gone.push(p));
    await bus.subscribe(Subject.StudyUpdated, (p) => void stays.push(p));
    await bus.publish(Subject.StudyUpdated, studyUpdated(1));
    await waitUntil(() => expect(gone).toHaveLength(1));
    await subscription.unsubscribe();
    await bus.publish(Subject.StudyUpdated, studyUpdated(2));
    await waitUntil(() => expect(stays).toHaveLength(2));
    expect(gone).toEqual([studyUpdated(1)]);
  });

  it('close lets a running handler finish and acknowledge before draining', async () => {
    const ns = newNamespace();
    const bus = await ns.open();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started = false;
    let finished = false;
    await bus.subscribe(
      Subject.StudyUpdated,
      async () => {
        started = true;
        await gate;
        finished = true;
      },
      { durableName: 'slow' },
    );
    await bus.publish(Subject.StudyUpdated, studyUpdated(1));
    await waitUntil(() => expect(started).toBe(true));
    const closing = bus.close();
    // A negative check needs a bound: close must still be pending while the handler runs.
    const closedEarly = await Promise.race([
      closing.then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), 250)),
    ]);
    expect(closedEarly).toBe(false);
    release();
    await closing;
    expect(finished).toBe(true);
    const consumer = await jsm.consumers.info(ns.streamName, 'slow');
    expect(consumer.num_ack_pending).toBe(0);
    expect(consumer.delivered.stream_seq).toBe(1);
  });

  it('refuses one durable name for two subjects', async () => {
    const ns = newNamespace();
    const bus = await ns.open();
    await bus.subscribe(Subject.StudyUpdated, () => undefined, { durableName: 'shared' });
    await expect(bus.subscribe(Subject.StudyDeleted, () => undefined, { durableName: 'shared' })).rejects.toThrow(
      /one durable name per subject/,
    );
  });

  it('updates the max age of an existing stream to the configured one', async () => {
    const ns = newNamespace();
    await ns.open({ streamMaxAgeMs: 60 * 60 * 1000 });
    await ns.open({ streamMaxAgeMs: 2 * 60 * 60 * 1000 });
    expect((await jsm.streams.info(ns.streamName)).config.max_age).toBe(7_200_000_000_000);
    expect(ns.log.records.filter((r) => r.msg === 'updated NATS stream max age')).toHaveLength(1);
  });

  it('explains a stream that cannot be used or created', async () => {
    const ns = newNamespace();
    await jsm.streams.add({ name: ns.streamName, subjects: [ns.wire('elsewhere.>')] });
    await expect(ns.open()).rejects.toThrow(
      `NATS at ${NATS_URL} is not usable as the event bus: NATS stream ${ns.streamName} exists but captures ` +
        `${ns.wire('elsewhere.>')} instead of ${ns.wire('archive.>')}`,
    );

    const other = newNamespace();
    await other.open();
    const clash = `${other.streamName}_CLASH`;
    streams.push(clash);
    await expect(
      NatsBus.connect({ url: NATS_URL!, logger: other.log.logger, streamName: clash, subjectPrefix: other.subjectPrefix }),
    ).rejects.toThrow(`Cannot create NATS stream ${clash} for ${other.wire('archive.>')}: subjects overlap`);
    await expect(ns.open({ subjectPrefix: 'tenant.*' })).rejects.toThrow(/Invalid NATS subject prefix/);
  });

  it('createBus connects to NATS with the given stream', async () => {
    const ns = newNamespace();
    const bus = await createBus({
      natsUrl: NATS_URL,
      logger: ns.log.logger,
      streamName: ns.streamName,
      subjectPrefix: ns.subjectPrefix,
    });
    buses.push(bus);
    expect(bus.kind).toBe('nats');
    await bus.publish(Subject.StudyUpdated, studyUpdated(1));
    expect((await jsm.streams.info(ns.streamName)).state.messages).toBe(1);
  });
});
