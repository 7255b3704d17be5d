import { describe, expect, it } from 'vitest';
import { EMPTY_FILTERS, buildStudyQuery, parseStudy, problemFromResponse, studyDateRange } from './qido';

const query = (filters: Partial<typeof EMPTY_FILTERS>, offset = 0) => Object.fromEntries(buildStudyQuery({ ...EMPTY_FILTERS, ...filters }, offset, 25));

describe('buildStudyQuery', () => {
  it('asks for the counts and one row more than a page, at the offset', () => {
    expect(query({}, 50)).toEqual({
      includefield: 'StudyDescription,ModalitiesInStudy,NumberOfStudyRelatedSeries,NumberOfStudyRelatedInstances',
      limit: '26',
      offset: '50',
    });
  });

  it('matches a typed name fuzzily and a name with wildcards as typed', () => {
    expect(query({ patientName: ' smith ' })).toMatchObject({ PatientName: 'smith', fuzzymatching: 'true' });
    expect(query({ patientName: 'DEMO*' })).toMatchObject({ PatientName: 'DEMO*' });
    expect(query({ patientName: 'DEMO*' })).not.toHaveProperty('fuzzymatching');
  });

  it('turns a displayed "FAMILY, GIVEN" name into PN components', () => {
    expect(query({ patientName: 'Doe, Jane' }).PatientName).toBe('Doe^Jane');
  });

  it('matches IDs by prefix and descriptions by substring unless wildcards are given', () => {
    expect(query({ patientId: 'P12', accession: 'A?7', description: 'chest' })).toMatchObject({
      PatientID: 'P12*',
      AccessionNumber: 'A?7',
      StudyDescription: '*chest*',
    });
  });

  it('sends modality and date range as QIDO matching keys', () => {
    expect(query({ modality: 'CT', dateFrom: '2024-01-01', dateTo: '2024-12-31' })).toMatchObject({
      ModalitiesInStudy: 'CT',
      StudyDate: '20240101-20241231',
    });
  });
});

describe('studyDateRange', () => {
  it('gives single dates, open ranges and nothing', () => {
    expect(studyDateRange('2024-03-14', '2024-03-14')).toBe('20240314');
    expect(studyDateRange('2024-03-14', '')).toBe('20240314-');
    expect(studyDateRange('', '2024-03-14')).toBe('-20240314');
    expect(studyDateRange('', '')).toBeUndefined();
  });
});

describe('parseStudy', () => {
  it('reads a QIDO-RS study result', () => {
    const study = parseStudy({
      '0020000D': { vr: 'UI', Value: ['1.2.3'] },
      '00100010': { vr: 'PN', Value: [{ Alphabetic: 'DEMO^CHEST' }] },
      '00100020': { vr: 'LO', Value: ['P1'] },
      '00080020': { vr: 'DA', Value: ['20240314'] },
      '00080030': { vr: 'TM', Value: ['101500'] },
      '00080061': { vr: 'CS', Value: ['CT', 'SR'] },
      '00201206': { vr: 'IS', Value: [2] },
      '00201208': { vr: 'IS', Value: [220] },
    });
    expect(study).toEqual({
      studyInstanceUID: '1.2.3',
      patientName: 'DEMO^CHEST',
      patientId: 'P1',
      studyDate: '20240314',
      studyTime: '101500',
      description: '',
      modalities: ['CT', 'SR'],
      accession: '',
      seriesCount: 2,
      instanceCount: 220,
    });
  });

  it('skips a result without a Study Instance UID', () => {
    expect(parseStudy({ '00100020': { vr: 'LO', Value: ['P1'] } })).toBeUndefined();
  });
});

describe('problemFromResponse', () => {
  it('reads a problem document', async () => {
    const response = Response.json({ title: 'Invalid query', detail: 'bad date' }, { status: 400 });
    expect(await problemFromResponse(response)).toEqual({ status: 400, title: 'Invalid query', detail: 'bad date' });
  });

  it('calls a gateway failure without a body "Archive unreachable"', async () => {
    expect((await problemFromResponse(new Response('<html>', { status: 502 }))).title).toBe('Archive unreachable');
  });
});
