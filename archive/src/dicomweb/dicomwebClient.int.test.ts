import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Tag } from '@consilium/shared';
import { makeInstance, newUid } from '../testing/makeInstance.js';
import { startTestArchive, testBackends, type TestArchive } from '../testing/testArchive.js';

// dicomweb-client is written for browsers (XMLHttpRequest); xhr2 provides it in Node.
const require = createRequire(import.meta.url);
(globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest ??= require('xhr2');
const { api } = require('dicomweb-client') as { api: { DICOMwebClient: new (o: { url: string }) => DicomwebClient } };

interface DicomwebClient {
  storeInstances(o: { datasets: ArrayBuffer[] }): Promise<unknown>;
  searchForStudies(o?: { queryParams?: Record<string, string> }): Promise<Record<string, { Value?: unknown[] }>[]>;
  searchForSeries(o: { studyInstanceUID: string }): Promise<Record<string, { Value?: unknown[] }>[]>;
  searchForInstances(o: { studyInstanceUID: string; seriesInstanceUID: string }): Promise<Record<string, { Value?: unknown[] }>[]>;
  retrieveInstance(o: { studyInstanceUID: string; seriesInstanceUID: string; sopInstanceUID: string }): Promise<ArrayBuffer>;
  retrieveSeriesMetadata(o: { studyInstanceUID: string; seriesInstanceUID: string }): Promise<Record<string, { Value?: unknown[]; BulkDataURI?: string }>[]>;
  retrieveInstanceFrames(o: {
    studyInstanceUID: string;
    seriesInstanceUID: string;
    sopInstanceUID: string;
    frameNumbers: number[];
  }): Promise<ArrayBuffer[]>;
}

const toArrayBuffer = (b: Buffer): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
const first = (attr: { Value?: unknown[] } | undefined) => attr?.Value?.[0];

describe.each(testBackends())('dicomweb-client against the archive (%s)', (backend) => {
  let server: TestArchive;
  let client: DicomwebClient;
  const studyInstanceUID = newUid();
  const seriesA = newUid();
  const seriesB = newUid();
  const files = [
    makeInstance({ studyInstanceUID, seriesInstanceUID: seriesA, seriesNumber: 1, instanceNumber: 1, patientName: 'Müller^Anna', patientID: 'PID-CLIENT', modality: 'CT', rows: 16, columns: 16 }),
    makeInstance({ studyInstanceUID, seriesInstanceUID: seriesA, seriesNumber: 1, instanceNumber: 2, patientName: 'Müller^Anna', patientID: 'PID-CLIENT', modality: 'CT', rows: 16, columns: 16 }),
    makeInstance({ studyInstanceUID, seriesInstanceUID: seriesB, seriesNumber: 2, instanceNumber: 1, patientName: 'Müller^Anna', patientID: 'PID-CLIENT', modality: 'MR' }),
  ];

  beforeAll(async () => {
    server = await startTestArchive(backend);
    client = new api.DICOMwebClient({ url: server.dicomwebUrl });
  });
  afterAll(async () => server?.close());

  it('stores through STOW-RS, finds through QIDO-RS and retrieves byte-identical through WADO-RS', async () => {
    await client.storeInstances({ datasets: files.map(toArrayBuffer) });

    const studies = await client.searchForStudies({ queryParams: { PatientName: 'müller*' } });
    expect(studies).toHaveLength(1);
    const study = studies[0]!;
    expect(first(study[Tag.StudyInstanceUID])).toBe(studyInstanceUID);
    expect(first(study[Tag.NumberOfStudyRelatedSeries])).toBe(2);
    expect(first(study[Tag.NumberOfStudyRelatedInstances])).toBe(3);
    expect(study[Tag.ModalitiesInStudy]?.Value?.slice().sort()).toEqual(['CT', 'MR']);
    expect(first(study[Tag.PatientName])).toEqual({ Alphabetic: 'Müller^Anna' });

    const series = await client.searchForSeries({ studyInstanceUID });
    expect(series.map((s) => first(s[Tag.SeriesInstanceUID]))).toEqual([seriesA, seriesB]);
    const instances = await client.searchForInstances({ studyInstanceUID, seriesInstanceUID: seriesA });
    expect(instances.map((i) => first(i[Tag.InstanceNumber]))).toEqual([1, 2]);

    for (const [index, file] of files.entries()) {
      const sopInstanceUID = index === 2 ? String(first(await onlyInstance(seriesB))) : String(first(instances[index]![Tag.SOPInstanceUID]));
      const seriesInstanceUID = index === 2 ? seriesB : seriesA;
      const retrieved = await client.retrieveInstance({ studyInstanceUID, seriesInstanceUID, sopInstanceUID });
      expect(Buffer.from(retrieved).equals(file)).toBe(true);
    }
  });

  it('serves series metadata with absolute BulkDataURIs and frames equal to the stored pixels', async () => {
    const metadata = await client.retrieveSeriesMetadata({ studyInstanceUID, seriesInstanceUID: seriesA });
    expect(metadata).toHaveLength(2);
    const pixelUri = metadata[0]![Tag.PixelData]?.BulkDataURI ?? '';
    expect(pixelUri.startsWith(`${server.dicomwebUrl}/studies/${studyInstanceUID}/series/${seriesA}/instances/`)).toBe(true);

    const sopInstanceUID = String(first(metadata[0]![Tag.SOPInstanceUID]));
    const frames = await client.retrieveInstanceFrames({ studyInstanceUID, seriesInstanceUID: seriesA, sopInstanceUID, frameNumbers: [1] });
    expect(frames).toHaveLength(1);
    const pixels = new Int16Array(frames[0]!);
    expect(pixels.length).toBe(16 * 16);
    expect(new Set(pixels)).toEqual(new Set([Number(first(metadata[0]![Tag.InstanceNumber]))]));
  });

  async function onlyInstance(seriesInstanceUID: string) {
    const found = await client.searchForInstances({ studyInstanceUID, seriesInstanceUID });
    expect(found).toHaveLength(1);
    return found[0]![Tag.SOPInstanceUID];
  }
});
