import { type Result, Tag, err, ok } from '@consilium/shared';
import { type DicomJson, dicomNumber, dicomString, dicomStrings } from './dicomJson';

/**
 * An RFC 9457 problem document as the archive and the web proxy send them;
 * status 0 stands for "no HTTP answer at all".
 */
export interface HttpProblem {
  status: number;
  title: string;
  detail?: string;
}

/**
 * Reads a failed response as a problem. A gateway status without a problem
 * body still means the archive could not be reached, and is titled the way the
 * web proxy titles it, so the UI shows one message for both.
 */
export async function problemFromResponse(response: Response): Promise<HttpProblem> {
  const fallbackTitle = [502, 503, 504].includes(response.status) ? 'Archive unreachable' : response.statusText || `HTTP ${response.status}`;
  const body: unknown = await response.json().catch(() => undefined);
  const problem = typeof body === 'object' && body !== null ? (body as { title?: unknown; detail?: unknown }) : {};
  return {
    status: response.status,
    title: typeof problem.title === 'string' && problem.title ? problem.title : fallbackTitle,
    detail: typeof problem.detail === 'string' ? problem.detail : undefined,
  };
}

/** What the worklist filters on; dates are `YYYY-MM-DD` as `<input type="date">` gives them, or ''. */
export interface StudyFilters {
  patientName: string;
  patientId: string;
  accession: string;
  dateFrom: string;
  dateTo: string;
  modality: string;
  description: string;
}

export const EMPTY_FILTERS: StudyFilters = {
  patientName: '',
  patientId: '',
  accession: '',
  dateFrom: '',
  dateTo: '',
  modality: '',
  description: '',
};

/** One row of the worklist, read from a QIDO-RS study result (PS3.18 Table 10.6.3-3). */
export interface StudySummary {
  studyInstanceUID: string;
  patientName: string;
  patientId: string;
  /** DA `YYYYMMDD` (or '' when unknown). */
  studyDate: string;
  studyTime: string;
  description: string;
  modalities: string[];
  accession: string;
  seriesCount: number | undefined;
  instanceCount: number | undefined;
}

export interface StudyPage {
  studies: StudySummary[];
  /** True when the server holds results after this page. */
  hasMore: boolean;
}

/**
 * Return keys asked for beyond the required ones: the counts and the modality
 * list are optional return keys a QIDO-RS origin only computes when asked
 * (PS3.18 Table 10.6.1-5).
 */
const INCLUDE_FIELDS = ['StudyDescription', 'ModalitiesInStudy', 'NumberOfStudyRelatedSeries', 'NumberOfStudyRelatedInstances'];

const hasWildcard = (value: string) => /[*?]/.test(value);

/**
 * Builds the QIDO-RS query string for one worklist page (PS3.18 8.3.4). Text is
 * matched the way a search box is expected to work: names fuzzily (any name
 * component's prefix, case-insensitive), IDs by prefix, descriptions by
 * substring; a value with its own `*`/`?` wildcards (PS3.4 C.2.2.2.4) is sent
 * as typed. One extra row is asked for so the caller knows whether a next page
 * exists even when the server sends no Warning header.
 */
export function buildStudyQuery(filters: StudyFilters, offset: number, pageSize: number): URLSearchParams {
  const params = new URLSearchParams();
  const name = filters.patientName.trim().replace(/\s*,\s*/g, '^');
  if (name) {
    params.set('PatientName', name);
    if (!hasWildcard(name)) params.set('fuzzymatching', 'true');
  }
  const id = filters.patientId.trim();
  if (id) params.set('PatientID', hasWildcard(id) ? id : `${id}*`);
  const accession = filters.accession.trim();
  if (accession) params.set('AccessionNumber', hasWildcard(accession) ? accession : `${accession}*`);
  const dates = studyDateRange(filters.dateFrom, filters.dateTo);
  if (dates) params.set('StudyDate', dates);
  if (filters.modality) params.set('ModalitiesInStudy', filters.modality);
  const description = filters.description.trim();
  if (description) params.set('StudyDescription', hasWildcard(description) ? description : `*${description}*`);
  params.set('includefield', INCLUDE_FIELDS.join(','));
  params.set('limit', String(pageSize + 1));
  params.set('offset', String(offset));
  return params;
}

/** `YYYY-MM-DD` bounds as a DA range matcher (PS3.4 C.2.2.2.5): `from-to`, `from-`, `-to`, or one date. */
export function studyDateRange(from: string, to: string): string | undefined {
  const da = (date: string) => date.replaceAll('-', '');
  if (!from && !to) return undefined;
  if (from && from === to) return da(from);
  return `${da(from)}-${da(to)}`;
}

/** Reads one QIDO-RS study result; undefined when it lacks the Study Instance UID every row is opened by. */
export function parseStudy(dataset: DicomJson): StudySummary | undefined {
  const studyInstanceUID = dicomString(dataset, Tag.StudyInstanceUID);
  if (!studyInstanceUID) return undefined;
  return {
    studyInstanceUID,
    patientName: dicomString(dataset, Tag.PatientName) ?? '',
    patientId: dicomString(dataset, Tag.PatientID) ?? '',
    studyDate: dicomString(dataset, Tag.StudyDate) ?? '',
    studyTime: dicomString(dataset, Tag.StudyTime) ?? '',
    description: dicomString(dataset, Tag.StudyDescription) ?? '',
    modalities: dicomStrings(dataset, Tag.ModalitiesInStudy),
    accession: dicomString(dataset, Tag.AccessionNumber) ?? '',
    seriesCount: dicomNumber(dataset, Tag.NumberOfStudyRelatedSeries),
    instanceCount: dicomNumber(dataset, Tag.NumberOfStudyRelatedInstances),
  };
}

/**
 * Fetches one page of studies from the same-origin DICOMweb proxy. Failures are
 * values: an HTTP error becomes its problem document, a network failure a
 * problem with status 0. Aborts (a newer search superseded this one) reject.
 */
export async function searchStudies(filters: StudyFilters, offset: number, pageSize: number, signal?: AbortSignal): Promise<Result<StudyPage, HttpProblem>> {
  const url = `/dicomweb/studies?${buildStudyQuery(filters, offset, pageSize).toString()}`;
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/dicom+json' }, signal });
  } catch (error) {
    if (signal?.aborted) throw error;
    return err({ status: 0, title: 'Network error', detail: 'The Consilium web server did not answer.' });
  }
  // PS3.18 6.7.1.2.3: 204 No Content is an empty result.
  if (response.status === 204) return ok({ studies: [], hasMore: false });
  if (!response.ok) return err(await problemFromResponse(response));
  const body: unknown = await response.json().catch(() => undefined);
  if (!Array.isArray(body)) return err({ status: response.status, title: 'Unexpected answer', detail: 'The archive did not return a DICOM JSON array.' });
  const studies = (body as DicomJson[]).map(parseStudy).filter((s): s is StudySummary => s !== undefined);
  // PS3.18 8.3.4.2: a cut result carries a Warning header; the extra row tells the same without it.
  const hasMore = studies.length > pageSize || response.headers.has('warning');
  return ok({ studies: studies.slice(0, pageSize), hasMore });
}
