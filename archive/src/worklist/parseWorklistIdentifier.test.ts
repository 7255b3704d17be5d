import type { DicomJsonDict } from 'dcmjs';
import { describe, expect, it } from 'vitest';
import { AppError, Tag } from '@consilium/shared';
import { parseWorklistIdentifier } from './parseWorklistIdentifier.js';

const sps = (item: DicomJsonDict = {}): DicomJsonDict => ({ [Tag.ScheduledProcedureStepSequence]: { vr: 'SQ', Value: [item] } });
const summary = (identifier: DicomJsonDict) =>
  parseWorklistIdentifier(identifier).query.filters.map((f) => [f.attribute.keyword, f.matcher]);

describe('parseWorklistIdentifier', () => {
  it('matches step keys inside the sequence item and patient keys at the top level', () => {
    const identifier: DicomJsonDict = {
      [Tag.PatientName]: { vr: 'PN', Value: [{ Alphabetic: 'DOE*' }] },
      [Tag.PatientID]: { vr: 'LO' },
      ...sps({
        [Tag.Modality]: { vr: 'CS', Value: ['CT'] },
        [Tag.ScheduledStationAETitle]: { vr: 'AE', Value: ['CT_ROOM1'] },
        [Tag.ScheduledProcedureStepStartDate]: { vr: 'DA', Value: ['20250310-20250312'] },
        [Tag.ScheduledProcedureStepStartTime]: { vr: 'TM', Value: ['0800-'] },
        [Tag.ScheduledPerformingPhysicianName]: { vr: 'PN' },
      }),
    };
    expect(summary(identifier)).toEqual([
      ['PatientName', { kind: 'wildcard', pattern: 'DOE*' }],
      ['Modality', { kind: 'single', value: 'CT' }],
      ['ScheduledStationAETitle', { kind: 'single', value: 'CT_ROOM1' }],
      ['ScheduledProcedureStepStartDate', { kind: 'range', from: '20250310', to: '20250312' }],
      ['ScheduledProcedureStepStartTime', { kind: 'range', from: '080000.000000', to: undefined }],
    ]);
  });

  it('takes empty values and a lone * as universal matching', () => {
    expect(summary({ [Tag.AccessionNumber]: { vr: 'SH', Value: ['*'] }, ...sps({ [Tag.Modality]: { vr: 'CS' } }) })).toEqual([]);
  });

  it('does not match step keys given at the top level, nor patient keys inside the item', () => {
    const request = parseWorklistIdentifier({
      [Tag.Modality]: { vr: 'CS', Value: ['CT'] },
      ...sps({ [Tag.PatientID]: { vr: 'LO', Value: ['PID-1'] } }),
    });
    expect(request.query.filters).toEqual([]);
    expect(request.unsupportedKeys).toEqual([Tag.Modality, `${Tag.ScheduledProcedureStepSequence}.${Tag.PatientID}`]);
  });

  it('reports keys with values it cannot match on, and returns them', () => {
    const request = parseWorklistIdentifier({
      [Tag.PatientAddress]: { vr: 'LO', Value: ['Main Street'] },
      [Tag.RequestedProcedureDescription]: { vr: 'LO', Value: ['CT*'] },
      [Tag.PatientWeight]: { vr: 'DS' },
    });
    expect(request.unsupportedKeys).toEqual([Tag.PatientAddress, Tag.RequestedProcedureDescription]);
    expect(request.returnKeys.map((k) => k.tag)).toEqual([Tag.PatientAddress, Tag.RequestedProcedureDescription, Tag.PatientWeight]);
  });

  it('returns every key with the VR it was asked with, sequences with their item keys', () => {
    const request = parseWorklistIdentifier({
      [Tag.SpecificCharacterSet]: { vr: 'CS', Value: ['ISO_IR 100'] },
      [Tag.PatientName]: { vr: 'PN' },
      ...sps({ [Tag.Modality]: { vr: 'CS', Value: ['MR'] }, [Tag.ScheduledProtocolCodeSequence]: { vr: 'SQ' } }),
      [Tag.ReferencedStudySequence]: { vr: 'SQ', Value: [] },
    });
    expect(request.returnKeys).toEqual([
      { tag: Tag.SpecificCharacterSet, vr: 'CS' },
      { tag: Tag.PatientName, vr: 'PN' },
      {
        tag: Tag.ScheduledProcedureStepSequence,
        vr: 'SQ',
        items: [
          { tag: Tag.Modality, vr: 'CS' },
          { tag: Tag.ScheduledProtocolCodeSequence, vr: 'SQ', items: 'all' },
        ],
      },
      { tag: Tag.ReferencedStudySequence, vr: 'SQ', items: 'all' },
    ]);
  });

  it('asks for the whole item when the sequence is empty or holds an empty item', () => {
    const empty = parseWorklistIdentifier({ [Tag.ScheduledProcedureStepSequence]: { vr: 'SQ' } });
    expect(empty.returnKeys).toEqual([{ tag: Tag.ScheduledProcedureStepSequence, vr: 'SQ', items: 'all' }]);
    expect(parseWorklistIdentifier(sps()).returnKeys).toEqual(empty.returnKeys);
  });

  it('refuses a sequence matching key with two items', () => {
    const identifier: DicomJsonDict = { [Tag.ScheduledProcedureStepSequence]: { vr: 'SQ', Value: [{}, {}] } };
    expect(() => parseWorklistIdentifier(identifier)).toThrow(AppError);
  });

  it.each([
    [Tag.ScheduledProcedureStepStartDate, 'DA', '2025-03-10'],
    [Tag.ScheduledProcedureStepStartDate, 'DA', '20250312-20250310'],
    [Tag.ScheduledProcedureStepStartTime, 'TM', '2500'],
  ])('refuses a malformed value of %s (%s) %j, naming the attribute', (tag, vr, value) => {
    const identifier = sps({ [tag]: { vr, Value: [value] } });
    expect(() => parseWorklistIdentifier(identifier)).toThrow(/ScheduledProcedureStepStart(Date|Time)/);
  });
});
