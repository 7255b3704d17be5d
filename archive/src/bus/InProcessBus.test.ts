import { Subject, type EventPayload } from '@consilium/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InProcessBus } from './InProcessBus.js';
import { createTestLogger, type TestLog } from './createTestLogger.js';
import { studyDeleted, studyUpdated } from './sampleEvents.js';

type StudyUpdated = EventPayload<typeof Subject.StudyUpdated>;

describe('InProcessBus', () => {
  let log: TestLog;
  let bus: InProcessBus;

  beforeEach(() => {
    log = createTestLogger();
    bus = new InProcessBus(log.logger);
  });
  afterEach(async () => {
    await bus.close();
  });

  it('delivers events of the subscribed subject, in order, to every subscriber', async () => {
    const first: StudyUpdated[] = [];
    const second: StudyUpdated[] = [];
    const deleted: unknown[] = [];
    await bus.subscribe(Subject.StudyUpdated, (p) => void first.push(p));
    await bus.subscribe(Subject.StudyUpdated, async (p) => void second.push(p));
    await bus.subscribe(Subject.StudyDeleted, (p) => void deleted.push(p));

    for (let n = 1; n <= 3; n++) await bus.publish(Subject.StudyUpdated, studyUpdated(n));
    await bus.publish(Subject.StudyDeleted, studyDeleted(9));

    await vi.waitFor(() => expect(deleted).toHaveLength(1));
    await vi.waitFor(() => expect(second).toHaveLength(3));
    expect(first).toEqual([studyUpdated(1), studyUpdated(2), studyUpdated(3)]);
    expect(second).toEqual(first);
    expect(bus.kind).toBe('in-process');
  });

  it('runs handlers after publish resolves, never on the publisher’s stack', async () => {
    let published = false;
    const seen: boolean[] = [];
    await bus.subscribe(Subject.StudyUpdated, () => {
      seen.push(published);
      throw new Error('handler bug');
    });
    await bus.publish(Subject.StudyUpdated, studyUpdated(1));
    published = true;
    await vi.waitFor(() => expect(seen).toEqual([true]));
  });

  it('handles one event at a time per subscription, even with async handlers', async () => {
    const order: string[] = [];
    await bus.subscribe(Subject.StudyUpdated, async (p) => {
      order.push(`start ${p.numberOfInstances}`);
      await new Promise<void>((resolve) => setImmediate(resolve));
      order.push(`end ${p.numberOfInstances}`);
    });
    await bus.publish(Subject.StudyUpdated, studyUpdated(1));
    await bus.publish(Subject.StudyUpdated, studyUpdated(2));
    await vi.waitFor(() => expect(order).toHaveLength(4));
    expect(order).toEqual(['start 1', 'end 1', 'start 2', 'end 2']);
  });

  it('throws on an invalid payload and delivers nothing for it', async () => {
    const received: StudyUpdated[] = [];
    await bus.subscribe(Subject.StudyUpdated, (p) => void received.push(p));
    const bad = { ...studyUpdated(1), studyInstanceUID: 'not a uid' };
    await expect(bus.publish(Subject.StudyUpdated, bad)).rejects.toThrow(/studyInstanceUID: invalid_format/);
    await bus.publish(Subject.StudyUpdated, studyUpdated(2));
    await vi.waitFor(() => expect(received).toHaveLength(1));
    expect(received).toEqual([studyUpdated(2)]);
  });

  it('isolates a failing handler from the others and from later events', async () => {
    const calls: string[] = [];
    await bus.subscribe(Subject.StudyUpdated, (p) => {
      calls.push(`sync-throw ${p.numberOfInstances}`);
      throw new Error('sync failure');
    });
    await bus.subscribe(Subject.StudyUpdated, async (p) => {
      calls.push(`reject ${p.numberOfInstances}`);
      throw new Error('async failure');
    });
    await bus.subscribe(Subject.StudyUpdated, (p) => void calls.push(`ok ${p.numberOfInstances}`));

    await bus.publish(Subject.StudyUpdated, studyUpdated(1));
    await bus.publish(Subject.StudyUpdated, studyUpdated(2));
    await vi.waitFor(() => expect(calls.filter((c) => c.startsWith('ok'))).toEqual(['ok 1', 'ok 2']));
    await vi.waitFor(() => expect(calls).toHaveLength(6));
    expect(calls).toContain('sync-throw 2');
    expect(calls).toContain('reject 2');
    const failures = log.records.filter((r) => r.msg === 'event handler failed');
    expect(failures).toHaveLength(4);
    expect(failures[0]).toMatchObject({ level: 50, subject: Subject.StudyUpdated, bus: 'in-process' });
  });

  it('gives each handler its own copy of the payload', async () => {
    const seen: number[] = [];
    await bus.subscribe(Subject.StudyUpdated, (p) => {
      p.numberOfInstances = -1;
    });
    await bus.subscribe(Subject.StudyUpdated, (p) => void seen.push(p.numberOfInstances));
    const payload = studyUpdated(7);
    await bus.publish(Subject.StudyUpdated, payload);
    await vi.waitFor(() => expect(seen).toEqual([7]));
    expect(payload.numberOfInstances).toBe(7);
  });

  it('stops delivery after unsubscribe, including events already queued', async () => {
    const gone: StudyUpdated[] = [];
    const stays: StudyUpdated[] = [];
    const subscription = await bus.subscribe(Subject.StudyUpdated, (p) => void gone.push(p));
    await bus.subscribe(Subject.StudyUpdated, (p) => void stays.push(p));

    await bus.publish(Subject.StudyUpdated, studyUpdated(1));
    await vi.waitFor(() => expect(gone).toHaveLength(1));
    await bus.publish(Subject.StudyUpdated, studyUpdated(2));
    await subscription.unsubscribe();
    await bus.publish(Subject.StudyUpdated, studyUpdated(3));

    await vi.waitFor(() => expect(stays).toHaveLength(3));
    expect(gone).toEqual([studyUpdated(1)]);
  });

  it('lets a handler unsubscribe itself', async () => {
    const received: StudyUpdated[] = [];
    const subscription = await bus.subscribe(Subject.StudyUpdated, async (p) => {
      received.push(p);
      await subscription.unsubscribe();
    });
    const witness: StudyUpdated[] = [];
    await bus.subscribe(Subject.StudyUpdated, (p) => void witness.push(p));
    await bus.publish(Subject.StudyUpdated, studyUpdated(1));
    await bus.publish(Subject.StudyUpdated, studyUpdated(2));
    await vi.waitFor(() => expect(witness).toHaveLength(2));
    expect(received).toEqual([studyUpdated(1)]);
  });

  it('close waits for queued events, then refuses new work', async () => {
    const received: StudyUpdated[] = [];
    await bus.subscribe(Subject.StudyUpdated, async (p) => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      received.push(p);
    });
    await bus.publish(Subject.StudyUpdated, studyUpdated(1));
    await bus.publish(Subject.StudyUpdated, studyUpdated(2));
    await bus.close();
    expect(received).toEqual([studyUpdated(1), studyUpdated(2)]);
    await expect(bus.publish(Subject.StudyUpdated, studyUpdated(3))).rejects.toThrow(/closed/);
    await expect(bus.subscribe(Subject.StudyUpdated, () => undefined)).rejects.toThrow(/closed/);
  });
});
