import type { DicomJsonDict } from 'dcmjs';
import { describe, expect, it } from 'vitest';
import { Tag } from '@consilium/shared';
import { parseWorklistIdentifier } from '../../worklist/parseWorklistIdentifier.js';
import { worklistResponse } from './worklist.js';

const step: DicomJsonDict = {
  [Tag.Modality]: { vr: 'CS', Value: ['CT'] },
  [Tag.ScheduledStationAETitle]: { vr: 'AE', Value: ['CT_ROOM1'] },
  [Tag.ScheduledProcedureStepStartDate]: { vr: 'DA', Value: ['20250310'] },
  [Tag.ScheduledProcedureStepDescription]: { vr: 'LO' },
};
const item: DicomJsonDict = {
  [Tag.AccessionNumber]: { vr: 'SH', Value: ['ACC-1'] },
  [Tag.PatientName]: { vr: 'PN', Value: [{ Alphabetic: 'Doe^John' }] },
  [Tag.PatientBirthDate]: { vr: 'DA' },
  [Tag.ScheduledProcedureStepSequence]: { vr: 'SQ', Value: [step] },
};
const respond = (identifier: DicomJsonDict) => worklistResponse(item, parseWorklistIdentifier(identifier).returnKeys);
const UTF8 = { vr: 'CS', Value: ['ISO_IR 192'] };

describe('worklistResponse', () => {
  it('returns the requested keys only, with the item values, in tag order', () => {
    const response = respond({
      [Tag.PatientName]: { vr: 'PN' },
      [Tag.AccessionNumber]: { vr: 'SH', Value: ['ACC-1'] },
    });
    expect(response).toEqual({
      [Tag.SpecificCharacterSet]: UTF8,
      [Tag.AccessionNumber]: { vr: 'SH', Value: ['ACC-1'] },
      [Tag.PatientName]: { vr: 'PN', Value: [{ Alphabetic: 'Doe^John' }] },
    });
    expect(Object.keys(response)).toEqual([Tag.SpecificCharacterSet, Tag.AccessionNumber, Tag.PatientName]);
  });

  it('returns keys the item has no value for empty, with the VR they were asked with', () => {
    expect(respond({ [Tag.PatientBirthDate]: { vr: 'DA' }, [Tag.PatientAddress]: { vr: 'LO' }, [Tag.ReferencedStudySequence]: { vr: 'SQ' } })).toEqual({
      [Tag.SpecificCharacterSet]: UTF8,
      [Tag.PatientBirthDate]: { vr: 'DA' },
      [Tag.PatientAddress]: { vr: 'LO' },
      [Tag.ReferencedStudySequence]: { vr: 'SQ' },
    });
  });

  it('returns the requested keys of the step item, empty ones included', () => {
    const response = respond({
      [Tag.ScheduledProcedureStepSequence]: {
        vr: 'SQ',
        Value: [
          {
            [Tag.ScheduledStationName]: { vr: 'SH' },
            [Tag.Modality]: { vr: 'CS', Value: ['CT'] },
            [Tag.ScheduledProtocolCodeSequence]: { vr: 'SQ' },
          },
        ],
      },
    });
    expect(response[Tag.ScheduledProcedureStepSequence]).toEqual({
      vr: 'SQ',
      Value: [
        {
          [Tag.Modality]: { vr: 'CS', Value: ['CT'] },
          [Tag.ScheduledProtocolCodeSequence]: { vr: 'SQ' },
          [Tag.ScheduledStationName]: { vr: 'SH' },
        },
      ],
    });
  });

  it('returns the whole step item when the sequence was asked for empty', () => {
    expect(respond({ [Tag.ScheduledProcedureStepSequence]: { vr: 'SQ' } })[Tag.ScheduledProcedureStepSequence]).toEqual({ vr: 'SQ', Value: [step] });
  });

  it('always declares UTF-8, whatever character set the request named', () => {
    expect(respond({ [Tag.SpecificCharacterSet]: { vr: 'CS', Value: ['ISO_IR 100'] } })).toEqual({ [Tag.SpecificCharacterSet]: UTF8 });
  });
});
