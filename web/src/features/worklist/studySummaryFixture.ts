import type { StudySummary } from '../../lib/qido';

/** A worklist row for tests: every field empty unless given. */
export function studySummary(studyInstanceUID: string, fields: Partial<StudySummary> = {}): StudySummary {
  return {
    studyInstanceUID,
    patientName: '',
    patientId: '',
    studyDate: '',
    studyTime: '',
    description: '',
    modalities: [],
    accession: '',
    seriesCount: undefined,
    instanceCount: undefined,
    ...fields,
  };
}
