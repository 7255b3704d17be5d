import type { ParsedInstance } from '../ingest/parseInstance.js';
import { patientKeyOf } from './classifyBatch.js';

/** Row ids of a series and its study, as the index holds them. */
export interface SeriesRowIds {
  seriesId: string;
  studyId: string;
}

const MAX_ENTRIES = 4096;

/**
 * Series the index is known to hold, keyed by everything a full record of an
 * instance would write besides the instance row: the patient's key and
 * demographics (the patients upsert updates them), the study and series UIDs,
 * the modality and the SOP class (ModalitiesInStudy, SOPClassesInStudy). An
 * instance whose key is cached changes nothing but its own row and two counts,
 * which `recordIntoKnownSeries` writes in one statement. Study and series
 * attributes are not part of the key because a full record never updates them.
 *
 * Per process and only an optimisation: `recordIntoKnownSeries` checks the ids
 * in SQL, and any miss goes the full way. Oldest entries are dropped past 4096.
 */
export class KnownSeriesCache {
  private readonly entries = new Map<string, SeriesRowIds>();

  static keyOf(parsed: ParsedInstance): string {
    const { patientName, patientBirthDate, patientSex } = parsed.patient;
    return JSON.stringify([
      patientKeyOf(parsed),
      patientName,
      patientBirthDate,
      patientSex,
      parsed.studyInstanceUID,
      parsed.seriesInstanceUID,
      parsed.series.modality,
      parsed.sopClassUID,
    ]);
  }

  get(parsed: ParsedInstance): SeriesRowIds | undefined {
    return this.entries.get(KnownSeriesCache.keyOf(parsed));
  }

  remember(parsed: ParsedInstance, ids: SeriesRowIds): void {
    const key = KnownSeriesCache.keyOf(parsed);
    this.entries.delete(key);
    this.entries.set(key, ids);
    if (this.entries.size > MAX_ENTRIES) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  forget(parsed: ParsedInstance): void {
    this.entries.delete(KnownSeriesCache.keyOf(parsed));
  }

  get size(): number {
    return this.entries.size;
  }
}
