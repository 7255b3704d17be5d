import { type Result, Tag, err, ok } from '@consilium/shared';
import { type DicomJson, dicomString } from '@/lib/dicomJson';
import { type HttpProblem, parseStudy, problemFromResponse } from '@/lib/qido';
import { type ReportSeriesModel, type SeriesModel, type StudyModel, groupBySeries, reportSeriesFromMetadata, seriesFromMetadata } from './studyModel';

/** A study ready to display, and the WADO-RS metadata of each frame for Cornerstone's metadata provider. */
export interface LoadedStudy {
  study: StudyModel;
  metadataByImageId: Map<string, DicomJson>;
}

/** Why a study cannot be shown; `kind` picks the message of the error state. */
export type StudyLoadProblem = HttpProblem & { kind: 'not-found' | 'unreachable' | 'failed' };

const JSON_ACCEPT = { accept: 'application/dicom+json' };

/**
 * Loads a study for the viewer over the same-origin DICOMweb proxy, in two
 * requests at once: its patient/study attributes by QIDO-RS (an empty answer
 * means no such study) and the metadata of all its instances (WADO-RS study
 * metadata, PS3.18 10.4), which carries all Cornerstone needs — no series list
 * to wait for first, no per-image header request.
 */
export async function loadStudy(baseUrl: string, studyUid: string, signal?: AbortSignal): Promise<Result<LoadedStudy, StudyLoadProblem>> {
  const query = new URLSearchParams({ StudyInstanceUID: studyUid, includefield: 'StudyDescription' });
  const [studies, instances] = await Promise.all([
    getJson(`${baseUrl}/studies?${query.toString()}`, signal),
    getJson(`${baseUrl}/studies/${studyUid}/metadata`, signal),
  ]);
  if (!studies.ok) return studies;
  const summary = studies.value.map(parseStudy).find((s) => s?.studyInstanceUID === studyUid);
  if (!summary) return err({ kind: 'not-found', status: 404, title: 'Study not found', detail: `The archive holds no study ${studyUid}.` });
  if (!instances.ok) return instances;
  const metadataByImageId = new Map<string, DicomJson>();
  const series: SeriesModel[] = [];
  const reports: ReportSeriesModel[] = [];
  for (const seriesInstances of groupBySeries(instances.value)) {
    const report = reportSeriesFromMetadata(seriesInstances);
    if (report) reports.push(report);
    const model = seriesFromMetadata(baseUrl, studyUid, seriesInstances);
    if (!model || model.imageIds.length === 0) continue;
    registerFrames(model, seriesInstances, metadataByImageId);
    series.push(model);
  }
  const bySeriesNumber = (a: { seriesNumber: number | undefined }, b: { seriesNumber: number | undefined }) => (a.seriesNumber ?? Infinity) - (b.seriesNumber ?? Infinity);
  series.sort(bySeriesNumber);
  reports.sort(bySeriesNumber);
  return ok({
    study: {
      studyInstanceUID: studyUid,
      patientName: summary.patientName,
      patientId: summary.patientId,
      studyDate: summary.studyDate,
      description: summary.description,
      accession: summary.accession,
      series,
      reports,
    },
    metadataByImageId,
  });
}

function registerFrames(series: SeriesModel, instances: readonly DicomJson[], into: Map<string, DicomJson>): void {
  const bySop = new Map(instances.map((i) => [dicomString(i, Tag.SOPInstanceUID), i]));
  for (const imageId of series.imageIds) {
    const sop = /\/instances\/([^/]+)\/frames\//.exec(imageId)?.[1];
    const instance = sop ? bySop.get(sop) : undefined;
    if (instance) into.set(imageId, instance);
  }
}

async function getJson(url: string, signal?: AbortSignal): Promise<Result<DicomJson[], StudyLoadProblem>> {
  let response: Response;
  try {
    response = await fetch(url, { headers: JSON_ACCEPT, signal });
  } catch (error) {
    if (signal?.aborted) throw error;
    return err({ kind: 'unreachable', status: 0, title: 'Web server unreachable', detail: 'The Consilium web server did not answer.' });
  }
  // PS3.18 6.7.1.2.3: 204 No Content is an empty result.
  if (response.status === 204) return ok([]);
  if (!response.ok) {
    const problem = await problemFromResponse(response);
    const kind = response.status === 404 ? 'not-found' : [502, 503, 504].includes(response.status) ? 'unreachable' : 'failed';
    return err({ ...problem, kind });
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!Array.isArray(body)) return err({ kind: 'failed', status: response.status, title: 'Unexpected answer', detail: 'The archive did not return a DICOM JSON array.' });
  return ok(body as DicomJson[]);
}
