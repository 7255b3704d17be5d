import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Subject, type InstanceStoredV1 } from '@consilium/shared';
import { makeInstance, newUid } from '../testing/makeInstance.js';
import { startTestArchive, testBackends, type TestArchive } from '../testing/testArchive.js';

describe.each(testBackends())('ingestInstance (%s)', (backend) => {
  let server: TestArchive;
  const events: InstanceStoredV1[] = [];
  let waiters: (() => void)[] = [];

  beforeAll(async () => {
    server = await startTestArchive(backend);
    await server.archive.bus.subscribe(Subject.InstanceStored, (event) => {
      events.push(event);
      for (const wake of waiters) wake();
      waiters = [];
    });
  });
  afterAll(async () => server?.close());

  const eventFor = (sop: string) =>
    new Promise<InstanceStoredV1>((resolve) => {
      const check = () => {
        const found = events.find((e) => e.sopInstanceUID === sop);
        if (found) resolve(found);
        else waiters.push(check);
      };
      check();
    });

  it('stores a new instance, indexes it and publishes archive.instance.stored.v1', async () => {
    const studyInstanceUID = newUid();
    const sopInstanceUID = newUid();
    const bytes = makeInstance({ studyInstanceUID, sopInstanceUID });
    const outcome = await server.archive.ingest(bytes, 'import');
    expect(outcome.status).toBe('stored');
    const event = await eventFor(sopInstanceUID);
    expect(event).toMatchObject({ studyInstanceUID, sopInstanceUID, source: 'import', outcome: 'stored', sizeBytes: bytes.length });
  });

  it('treats the same bytes again as an idempotent duplicate and different bytes as a kept-first conflict', async () => {
    const studyInstanceUID = newUid();
    const seriesInstanceUID = newUid();
    const sopInstanceUID = newUid();
    const first = makeInstance({ studyInstanceUID, seriesInstanceUID, sopInstanceUID, pixelValue: 1 });
    const second = makeInstance({ studyInstanceUID, seriesInstanceUID, sopInstanceUID, pixelValue: 2 });
    expect((await server.archive.ingest(first, 'import')).status).toBe('stored');
    expect((await server.archive.ingest(first, 'import')).status).toBe('duplicate');
    const conflict = await server.archive.ingest(second, 'import');
    expect(conflict.status).toBe('conflict');
    expect(conflict.status === 'conflict' && conflict.error.code).toBe('DuplicateInstance');

    const response = await fetch(`${server.dicomwebUrl}/studies/${studyInstanceUID}/series/${seriesInstanceUID}/instances/${sopInstanceUID}`);
    const body = Buffer.from(await response.arrayBuffer());
    expect(body.includes(first)).toBe(true);
    expect(body.includes(second)).toBe(false);
    const studies = (await (await fetch(`${server.dicomwebUrl}/studies?StudyInstanceUID=${studyInstanceUID}`)).json()) as Record<string, { Value: number[] }>[];
    expect(studies[0]?.['00201208']?.Value[0]).toBe(1);
  });

  it('keeps series and study counts and ModalitiesInStudy right under concurrent stores', async () => {
    const studyInstanceUID = newUid();
    const series = [newUid(), newUid(), newUid()];
    const files = series.flatMap((seriesInstanceUID, s) =>
      Array.from({ length: 5 }, (_, i) => makeInstance({ studyInstanceUID, seriesInstanceUID, instanceNumber: i + 1, modality: ['CT', 'MR', 'CT'][s] })),
    );
    const outcomes = await Promise.all(files.map((f) => server.archive.ingest(f, 'import')));
    expect(outcomes.every((o) => o.status === 'stored')).toBe(true);
    const study = ((await (await fetch(`${server.dicomwebUrl}/studies?StudyInstanceUID=${studyInstanceUID}`)).json()) as Record<string, { Value: unknown[] }>[])[0]!;
    expect(study['00201206']?.Value[0]).toBe(3);
    expect(study['00201208']?.Value[0]).toBe(15);
    expect([...(study['00080061']?.Value ?? [])].sort()).toEqual(['CT', 'MR']);
  });

  it('refuses a series UID that already belongs to another study', async () => {
    const seriesInstanceUID = newUid();
    expect((await server.archive.ingest(makeInstance({ seriesInstanceUID }), 'import')).status).toBe('stored');
    const moved = await server.archive.ingest(makeInstance({ seriesInstanceUID }), 'import');
    expect(moved.status).toBe('rejected');
  });
});
