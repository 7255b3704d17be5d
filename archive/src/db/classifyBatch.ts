import type { ParsedInstance } from '../ingest/parseInstance.js';
import type { RecordItem, RecordOutcome } from './recordInstances.js';

export interface PatientGroup extends Readonly<ParsedInstance['patient']> {
  key: string;
}
export interface StudyGroup {
  uid: string;
  patientKey: string;
  study: ParsedInstance['study'];
  count: number;
  modalities: string[];
  sopClasses: string[];
}
export interface SeriesGroup {
  uid: string;
  studyUid: string;
  series: ParsedInstance['series'];
  count: number;
}

/** What one batch does to the index, decided before any row is written. */
export interface BatchPlan {
  outcomes: RecordOutcome[];
  /** New instances, each SOP Instance UID once. */
  inserts: RecordItem[];
  /** Already indexed instances whose bytes the overwrite policy replaces. */
  replacements: RecordItem[];
  groups: { patients: PatientGroup[]; studies: StudyGroup[]; series: SeriesGroup[] };
}

/** Patients are keyed by PatientID and IssuerOfPatientID; JSON keeps the pair unambiguous. */
export function patientKeyOf(parsed: ParsedInstance): string {
  return JSON.stringify([parsed.patient.patientId, parsed.patient.issuerOfPatientId]);
}

/**
 * Classifies each item of a batch against what the index already holds (and
 * against earlier items of the same batch): new, identical duplicate, different
 * duplicate (kept-first or replaced), or refused because its series belongs to
 * another study. Pure, so the rules are unit-tested without a database.
 */
export function classifyBatch(
  items: RecordItem[],
  existing: ReadonlyMap<string, { sha256: string; blobKey: string }>,
  seriesStudies: ReadonlyMap<string, string>,
  overwrite: boolean,
): BatchPlan {
  const outcomes: RecordOutcome[] = [];
  const pending = new Map<string, RecordItem>();
  const replacements = new Map<string, RecordItem>();
  const batchSeriesStudy = new Map<string, string>();

  for (const item of items) {
    const { sopInstanceUID: sop, seriesInstanceUID, studyInstanceUID } = item.parsed;
    const earlier = pending.get(sop) ?? replacements.get(sop);
    const stored = existing.get(sop);
    const previous = earlier ? { sha256: earlier.blob.sha256, blobKey: earlier.blob.key } : stored;
    if (previous) {
      if (previous.sha256 === item.blob.sha256) outcomes.push({ kind: 'duplicate-same' });
      else if (!overwrite) outcomes.push({ kind: 'duplicate-different' });
      else {
        (pending.has(sop) ? pending : replacements).set(sop, item);
        outcomes.push({ kind: 'replaced', previousBlobKey: previous.blobKey });
      }
      continue;
    }
    const seriesStudy = seriesStudies.get(seriesInstanceUID) ?? batchSeriesStudy.get(seriesInstanceUID);
    if (seriesStudy !== undefined && seriesStudy !== studyInstanceUID) {
      outcomes.push({ kind: 'series-in-other-study' });
      continue;
    }
    batchSeriesStudy.set(seriesInstanceUID, studyInstanceUID);
    pending.set(sop, item);
    outcomes.push({ kind: 'stored' });
  }
  const inserts = [...pending.values()];
  return { outcomes, inserts, replacements: [...replacements.values()], groups: groupRows(inserts) };
}

function groupRows(inserts: RecordItem[]): BatchPlan['groups'] {
  const patients = new Map<string, PatientGroup>();
  const studies = new Map<string, StudyGroup>();
  const series = new Map<string, SeriesGroup>();
  for (const { parsed } of inserts) {
    const key = patientKeyOf(parsed);
    patients.set(key, { key, ...parsed.patient });
    const study = studies.get(parsed.studyInstanceUID) ?? {
      uid: parsed.studyInstanceUID,
      patientKey: key,
      study: parsed.study,
      count: 0,
      modalities: [],
      sopClasses: [],
    };
    study.count += 1;
    if (parsed.series.modality !== '' && !study.modalities.includes(parsed.series.modality)) study.modalities.push(parsed.series.modality);
    if (!study.sopClasses.includes(parsed.sopClassUID)) study.sopClasses.push(parsed.sopClassUID);
    studies.set(study.uid, study);
    const s = series.get(parsed.seriesInstanceUID) ?? {
      uid: parsed.seriesInstanceUID,
      studyUid: parsed.studyInstanceUID,
      series: parsed.series,
      count: 0,
    };
    s.count += 1;
    series.set(s.uid, s);
  }
  return { patients: [...patients.values()], studies: [...studies.values()], series: [...series.values()] };
}
