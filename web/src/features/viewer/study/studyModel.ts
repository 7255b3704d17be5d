import { Tag } from '@consilium/shared';
import { type DicomJson, dicomNumber, dicomNumbers, dicomString } from '../../../lib/dicomJson';
import { cross } from '../logic/orientationMarkers';

/** One series as the viewer shows it: its frames in display order. */
export interface SeriesModel {
  seriesInstanceUID: string;
  seriesNumber: number | undefined;
  description: string;
  modality: string;
  /** `wadors:` image ids, one per frame, ordered along the stack (see {@link orderInstances}). */
  imageIds: string[];
}

/** A series of structured reports (SR): listed with the study, not shown as images. */
export interface ReportSeriesModel {
  seriesInstanceUID: string;
  seriesNumber: number | undefined;
  description: string;
  /** SOP Instance UIDs of its reports. */
  sopInstanceUIDs: string[];
  /** Content date and time of its newest report, `YYYYMMDD` and `HHMMSS`, when given. */
  contentDate: string | undefined;
  contentTime: string | undefined;
}

export interface StudyModel {
  studyInstanceUID: string;
  patientName: string;
  patientId: string;
  studyDate: string;
  description: string;
  accession: string;
  series: SeriesModel[];
  reports: ReportSeriesModel[];
}

/** The per-instance facts that decide the order of a stack. */
export interface InstanceKey {
  instanceNumber: number | undefined;
  /** Position along the slice normal in mm, when the instance has a plane. */
  position: number | undefined;
}

/**
 * Stack order: Instance Number when every instance has one (the modality's own
 * order, PS3.3 C.7.6.1), otherwise position along the slice normal from head
 * to feet, otherwise the order the archive sent.
 */
export function orderInstances<T extends InstanceKey>(instances: readonly T[]): T[] {
  const indexed = instances.map((instance, i) => ({ instance, i }));
  const byNumber = instances.every((x) => x.instanceNumber !== undefined);
  const byPosition = instances.every((x) => x.position !== undefined);
  const key = (x: T): number => (byNumber ? (x.instanceNumber ?? 0) : byPosition ? -(x.position ?? 0) : 0);
  return indexed.sort((a, b) => key(a.instance) - key(b.instance) || a.i - b.i).map(({ instance }) => instance);
}

/** Position of an instance along its slice normal (row × column direction cosines), PS3.3 C.7.6.2.1.1. */
export function slicePosition(instance: DicomJson): number | undefined {
  const position = dicomNumbers(instance, Tag.ImagePositionPatient);
  const cosines = dicomNumbers(instance, Tag.ImageOrientationPatient);
  if (position.length !== 3 || cosines.length !== 6) return undefined;
  const [r0 = 0, r1 = 0, r2 = 0, c0 = 0, c1 = 0, c2 = 0] = cosines;
  const normal = cross([r0, r1, r2], [c0, c1, c2]);
  return position.reduce((sum, p, i) => sum + p * (normal[i] ?? 0), 0);
}

/** The frame image ids of a series from its WADO-RS metadata, in stack order. */
export function seriesFromMetadata(baseUrl: string, studyUid: string, instances: readonly DicomJson[]): SeriesModel | undefined {
  const first = instances[0];
  const seriesInstanceUID = first && dicomString(first, Tag.SeriesInstanceUID);
  if (!first || !seriesInstanceUID) return undefined;
  const keyed = instances.map((dataset) => ({
    dataset,
    instanceNumber: dicomNumber(dataset, Tag.InstanceNumber),
    position: slicePosition(dataset),
  }));
  const imageIds: string[] = [];
  for (const { dataset } of orderInstances(keyed)) {
    const sop = dicomString(dataset, Tag.SOPInstanceUID);
    if (!sop || !isImageInstance(dataset)) continue;
    const frames = dicomNumber(dataset, Tag.NumberOfFrames) ?? 1;
    const base = `wadors:${baseUrl}/studies/${studyUid}/series/${seriesInstanceUID}/instances/${sop}/frames/`;
    for (let frame = 1; frame <= frames; frame++) imageIds.push(`${base}${frame}`);
  }
  return {
    seriesInstanceUID,
    seriesNumber: dicomNumber(first, Tag.SeriesNumber),
    description: dicomString(first, Tag.SeriesDescription) ?? '',
    modality: dicomString(first, Tag.Modality) ?? '',
    imageIds,
  };
}

/** An instance with pixels to show: image IODs have Rows (PS3.3 C.7.6.3); SR, PDF and other documents do not. */
export function isImageInstance(instance: DicomJson): boolean {
  return dicomNumber(instance, Tag.Rows) !== undefined;
}

/** A series of SR documents from its WADO-RS metadata; undefined for any other series. */
export function reportSeriesFromMetadata(instances: readonly DicomJson[]): ReportSeriesModel | undefined {
  const first = instances[0];
  const seriesInstanceUID = first && dicomString(first, Tag.SeriesInstanceUID);
  if (!first || !seriesInstanceUID || dicomString(first, Tag.Modality) !== 'SR') return undefined;
  const stamp = (i: DicomJson) => `${dicomString(i, Tag.ContentDate) ?? ''}${dicomString(i, Tag.ContentTime) ?? ''}`;
  const newest = [...instances].sort((a, b) => stamp(b).localeCompare(stamp(a)))[0] ?? first;
  return {
    seriesInstanceUID,
    seriesNumber: dicomNumber(first, Tag.SeriesNumber),
    description: dicomString(first, Tag.SeriesDescription) ?? '',
    sopInstanceUIDs: instances.map((i) => dicomString(i, Tag.SOPInstanceUID)).filter((uid): uid is string => !!uid),
    contentDate: dicomString(newest, Tag.ContentDate),
    contentTime: dicomString(newest, Tag.ContentTime),
  };
}

/** The instances of a study metadata answer, one array per Series Instance UID (instances without one are left out). */
export function groupBySeries(instances: readonly DicomJson[]): DicomJson[][] {
  const bySeries = new Map<string, DicomJson[]>();
  for (const instance of instances) {
    const uid = dicomString(instance, Tag.SeriesInstanceUID);
    if (!uid) continue;
    const group = bySeries.get(uid);
    if (group) group.push(instance);
    else bySeries.set(uid, [instance]);
  }
  return [...bySeries.values()];
}
