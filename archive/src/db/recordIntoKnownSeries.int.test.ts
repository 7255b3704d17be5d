import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SopClass } from '@consilium/shared';
import { parseInstance } from '../ingest/parseInstance.js';
import { makeInstance, newUid } from '../testing/makeInstance.js';
import { startTestArchive, testBackends, type TestArchive } from '../testing/testArchive.js';
import { KnownSeriesCache } from './KnownSeriesCache.js';
import { recordIntoKnownSeries, seriesRowIds } from './recordIntoKnownSeries.js';

type Json = Record<string, { Value?: unknown[] } | undefined>;

/**
 * The one-statement index path of single instances into known series must
 * leave the index exactly as the full path would: counts, duplicates,
 * demographics, ModalitiesInStudy and SOPClassesInStudy.
 */
describe.each(testBackends())('recordIntoKnownSeries (%s)', (backend) => {
  let t: TestArchive;
  beforeAll(async () => {
    t = await startTestArchive(backend);
  });
  afterAll(async () => t?.close());

  const study = async (uid: string): Promise<Json> => {
    const [found] = (await (await fetch(`${t.dicomwebUrl}/studies?StudyInstanceUID=${uid}&includefield=all`)).json()) as Json[];
    if (!found) throw new Error(`study ${uid} not found`);
    return found;
  };
  const ingest = (bytes: Buffer) => t.archive.ingest(bytes, 'dimse');
  const knownSeries = () => {
    const cache = t.archive.ingestContext.knownSeries;
    if (!cache) throw new Error('the archive runs without a KnownSeriesCache');
    return cache;
  };

  it('indexes an instance into the series its ids name, and counts it', async () => {
    const [studyUid, seriesUid] = [newUid(), newUid()];
    expect((await ingest(makeInstance({ studyInstanceUID: studyUid, seriesInstanceUID: seriesUid }))).status).toBe('stored');
    const ids = await seriesRowIds(t.archive.database.db, seriesUid);
    expect(ids).toBeDefined();
    const bytes = makeInstance({ studyInstanceUID: studyUid, seriesInstanceUID: seriesUid, instanceNumber: 2 });
    const parsed = parseInstance(bytes);
    const blob = await t.archive.blobs.put(bytes);
    expect(await recordIntoKnownSeries(t.archive.database.db, { parsed, blob }, ids!)).toBe(true);
    expect((await study(studyUid))['00201208']?.Value).toEqual([2]);
    // The same SOP Instance UID again: nothing written, the caller goes the full way.
    expect(await recordIntoKnownSeries(t.archive.database.db, { parsed, blob }, ids!)).toBe(false);
    expect((await study(studyUid))['00201208']?.Value).toEqual([2]);
  });

  it('writes nothing when the ids name another series', async () => {
    const [a, b] = [newUid(), newUid()];
    await ingest(makeInstance({ seriesInstanceUID: a }));
    const otherStudy = newUid();
    await ingest(makeInstance({ studyInstanceUID: otherStudy, seriesInstanceUID: b }));
    const idsOfA = await seriesRowIds(t.archive.database.db, a);
    const bytes = makeInstance({ studyInstanceUID: otherStudy, seriesInstanceUID: b, instanceNumber: 2 });
    const blob = await t.archive.blobs.put(bytes);
    expect(await recordIntoKnownSeries(t.archive.database.db, { parsed: parseInstance(bytes), blob }, idsOfA!)).toBe(false);
    expect((await study(otherStudy))['00201208']?.Value).toEqual([1]);
  });

  it('a run of C-STORE-like single ingests counts exactly, remembering the series once', async () => {
    const [studyUid, seriesUid] = [newUid(), newUid()];
    for (let i = 1; i <= 25; i++) {
      const outcome = await ingest(makeInstance({ studyInstanceUID: studyUid, seriesInstanceUID: seriesUid, instanceNumber: i }));
      expect(outcome.status).toBe('stored');
    }
    const probe = parseInstance(makeInstance({ studyInstanceUID: studyUid, seriesInstanceUID: seriesUid }));
    expect(knownSeries().get(probe)).toEqual(await seriesRowIds(t.archive.database.db, seriesUid));
    const found = await study(studyUid);
    expect(found['00201208']?.Value).toEqual([25]);
    expect(found['00201206']?.Value).toEqual([1]);
  });

  it('takes the full path when demographics, modality or SOP class differ, so the index follows them', async () => {
    const [studyUid, seriesUid] = [newUid(), newUid()];
    await ingest(makeInstance({ studyInstanceUID: studyUid, seriesInstanceUID: seriesUid, patientName: 'OLD^NAME' }));
    await ingest(makeInstance({ studyInstanceUID: studyUid, seriesInstanceUID: seriesUid, patientName: 'OLD^NAME' }));
    await ingest(makeInstance({ studyInstanceUID: studyUid, seriesInstanceUID: seriesUid, patientName: 'NEW^NAME' }));
    await ingest(makeInstance({ studyInstanceUID: studyUid, seriesInstanceUID: seriesUid, patientName: 'NEW^NAME', modality: 'OT', sopClassUID: SopClass.SecondaryCaptureImageStorage }));
    const found = await study(studyUid);
    expect(found['00100010']?.Value).toEqual([{ Alphabetic: 'NEW^NAME' }]);
    expect(found['00201208']?.Value).toEqual([4]);
    expect([...(found['00080061']?.Value ?? [])].sort()).toEqual(['CT', 'OT']);
    expect([...(found['00080062']?.Value ?? [])].sort()).toEqual([SopClass.CTImageStorage, SopClass.SecondaryCaptureImageStorage].sort());
  });

  it('keeps counts exact when known-series and new-series stores run concurrently', async () => {
    const studyUid = newUid();
    const series = [newUid(), newUid(), newUid(), newUid()];
    // Warm the cache for the first two series; the other two start out unknown.
    for (const s of series.slice(0, 2)) await ingest(makeInstance({ studyInstanceUID: studyUid, seriesInstanceUID: s }));
    const files = series.flatMap((s) => Array.from({ length: 10 }, (_, i) => makeInstance({ studyInstanceUID: studyUid, seriesInstanceUID: s, instanceNumber: i + 2 })));
    const outcomes = await Promise.all(files.map((f) => ingest(f)));
    expect(outcomes.map((o) => o.status)).toEqual(files.map(() => 'stored'));
    const found = await study(studyUid);
    expect(found['00201208']?.Value).toEqual([42]);
    expect(found['00201206']?.Value).toEqual([4]);
  });

  it('KnownSeriesCache keys on everything a full record would update', () => {
    const base = { studyInstanceUID: newUid(), seriesInstanceUID: newUid(), sopInstanceUID: newUid() };
    const key = (extra: Parameters<typeof makeInstance>[0]) => KnownSeriesCache.keyOf(parseInstance(makeInstance({ ...base, ...extra })));
    expect(key({ instanceNumber: 7, studyDescription: 'other' })).toBe(key({}));
    for (const change of [{ patientName: 'X^Y' }, { patientID: 'OTHER' }, { modality: 'MR' }, { sopClassUID: SopClass.MRImageStorage }, { extra: { PatientSex: 'F' } }]) {
      expect(key(change), JSON.stringify(change)).not.toBe(key({}));
    }
  });
});
