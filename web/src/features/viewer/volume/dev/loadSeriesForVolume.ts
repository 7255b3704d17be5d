import { type Result, Tag, err, ok } from '@consilium/shared';
import { wadors } from '@cornerstonejs/dicom-image-loader';
import { type DicomJson, dicomNumber, dicomString } from '@/lib/dicomJson';

/** A series as the volume views take it: frame image ids with their metadata registered. */
export interface VolumeSeries {
  seriesInstanceUid: string;
  imageIds: string[];
}

const JSON_ACCEPT = { accept: 'application/dicom+json' };

/**
 * Loads one series of a study over the same-origin DICOMweb proxy for the
 * volume development page: the given series, or the series with most
 * instances. `limit` keeps only the first images (to see the error state).
 */
export async function loadSeriesForVolume(studyUid: string, seriesUid: string | undefined, limit: number | undefined): Promise<Result<VolumeSeries, string>> {
  const base = `${window.location.origin}/dicomweb/studies/${studyUid}`;
  let uid = seriesUid;
  if (!uid) {
    const list = await getJson(`${base}/series?includefield=NumberOfSeriesRelatedInstances`);
    if (!list.ok) return list;
    const biggest = [...list.value].sort((a, b) => (dicomNumber(b, Tag.NumberOfSeriesRelatedInstances) ?? 0) - (dicomNumber(a, Tag.NumberOfSeriesRelatedInstances) ?? 0))[0];
    uid = biggest && dicomString(biggest, Tag.SeriesInstanceUID);
    if (!uid) return err(`Study ${studyUid} has no series.`);
  }
  const metadata = await getJson(`${base}/series/${uid}/metadata`);
  if (!metadata.ok) return metadata;
  const instances = [...metadata.value].sort((a, b) => (dicomNumber(a, Tag.InstanceNumber) ?? 0) - (dicomNumber(b, Tag.InstanceNumber) ?? 0)).slice(0, limit);
  const imageIds: string[] = [];
  for (const instance of instances) {
    const sop = dicomString(instance, Tag.SOPInstanceUID);
    if (!sop) continue;
    const imageId = `wadors:${base}/series/${uid}/instances/${sop}/frames/1`;
    wadors.metaDataManager.add(imageId, instance as unknown as Parameters<typeof wadors.metaDataManager.add>[1]);
    imageIds.push(imageId);
  }
  return ok({ seriesInstanceUid: uid, imageIds });
}

async function getJson(url: string): Promise<Result<DicomJson[], string>> {
  const response = await fetch(url, { headers: JSON_ACCEPT }).catch(() => undefined);
  if (!response) return err('The web server did not answer.');
  if (response.status === 204) return ok([]);
  if (!response.ok) return err(`${url} answered ${response.status}.`);
  const body: unknown = await response.json();
  return Array.isArray(body) ? ok(body as DicomJson[]) : err(`${url} did not return a DICOM JSON array.`);
}
