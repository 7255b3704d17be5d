import { Tag } from '@consilium/shared';
import { parseMultipartRelated } from '../dicomweb/http/parseMultipartRelated.js';

export interface InstanceRef {
  studyInstanceUID: string;
  seriesInstanceUID: string;
  sopInstanceUID: string;
}

export interface StoredCopy extends InstanceRef {
  bytes: Buffer;
}

type DicomJson = Record<string, { Value?: unknown[] }>;

/**
 * What a test has had acknowledged by the archive, checked back over DICOMweb
 * only (QIDO-RS for what exists and how many, WADO-RS for the bytes), so a bad
 * request can be shown to have lost, changed or added nothing.
 */
export class StoredInstances {
  readonly #byUid = new Map<string, StoredCopy>();

  constructor(private readonly dicomwebUrl: string) {}

  /** An acknowledged instance; a later copy under the same UID replaces it (overwrite policy). */
  record(copy: StoredCopy): void {
    this.#byUid.set(copy.sopInstanceUID, copy);
  }

  get size(): number {
    return this.#byUid.size;
  }

  /** Each way the archive differs from what was acknowledged; empty when nothing was lost, changed or added. */
  async differences(): Promise<string[]> {
    const out: string[] = [];
    const expected = [...this.#byUid.values()];
    const found = await qido(this.dicomwebUrl, '/instances?limit=10000');
    const foundUids = found.map((i) => String(i[Tag.SOPInstanceUID]?.Value?.[0])).sort();
    const expectedUids = expected.map((i) => i.sopInstanceUID).sort();
    if (JSON.stringify(foundUids) !== JSON.stringify(expectedUids)) {
      out.push(`instances: expected ${JSON.stringify(expectedUids)}, QIDO-RS lists ${JSON.stringify(foundUids)}`);
    }
    for (const [study, copies] of groupBy(expected, (i) => i.studyInstanceUID)) {
      const [row] = await qido(this.dicomwebUrl, `/studies?StudyInstanceUID=${study}`);
      const instances = row?.[Tag.NumberOfStudyRelatedInstances]?.Value?.[0];
      const series = row?.[Tag.NumberOfStudyRelatedSeries]?.Value?.[0];
      const expectedSeries = new Set(copies.map((c) => c.seriesInstanceUID)).size;
      if (instances !== copies.length || series !== expectedSeries) {
        out.push(`study ${study}: expected ${expectedSeries} series/${copies.length} instances, QIDO-RS says ${String(series)}/${String(instances)}`);
      }
    }
    for (const copy of expected) {
      const bytes = await retrieveInstanceBytes(this.dicomwebUrl, copy);
      if (!bytes.equals(copy.bytes)) out.push(`instance ${copy.sopInstanceUID}: WADO-RS bytes differ from the acknowledged copy`);
    }
    return out;
  }
}

/** QIDO-RS search; any status but 200 is an error. */
export async function qido(dicomwebUrl: string, pathAndQuery: string): Promise<DicomJson[]> {
  const response = await fetch(`${dicomwebUrl}${pathAndQuery}`, { headers: { Accept: 'application/dicom+json' } });
  if (response.status !== 200) throw new Error(`QIDO-RS ${pathAndQuery} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as DicomJson[];
}

/** WADO-RS retrieve of one instance, as the single application/dicom part of the response. */
export async function retrieveInstanceBytes(dicomwebUrl: string, ref: InstanceRef): Promise<Buffer> {
  const url = `${dicomwebUrl}/studies/${ref.studyInstanceUID}/series/${ref.seriesInstanceUID}/instances/${ref.sopInstanceUID}`;
  const response = await fetch(url, { headers: { Accept: 'multipart/related; type="application/dicom"' } });
  if (response.status !== 200) throw new Error(`WADO-RS ${ref.sopInstanceUID} answered ${response.status}: ${await response.text()}`);
  const parsed = parseMultipartRelated(Buffer.from(await response.arrayBuffer()), response.headers.get('content-type') ?? undefined);
  if (!parsed.ok) throw parsed.error;
  const [part, ...rest] = parsed.value.parts;
  if (!part || rest.length > 0) throw new Error(`WADO-RS ${ref.sopInstanceUID} returned ${parsed.value.parts.length} parts`);
  return part.body;
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}
