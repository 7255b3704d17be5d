import { randomBytes } from 'node:crypto';
import dcmjs from 'dcmjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppError, SopClass, TransferSyntax } from '@consilium/shared';
import { makeInstance, newUid } from '../testing/makeInstance.js';
import { InstanceRejectedError, parseInstance } from './parseInstance.js';
import { seededRandom as seeded } from '../testing/seededRandom.js';

const PATIENT_NAME = 'Quillfeather^Zenobia';
const PATIENT_ID = 'PID-7Q3X9K';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The AppError parseInstance throws for `bytes`; fails the test if it parses or throws anything else. */
function refusal(bytes: Uint8Array): AppError {
  try {
    parseInstance(bytes);
  } catch (error) {
    if (error instanceof AppError) {
      expect(error.message).not.toContain(PATIENT_NAME.split('^')[0]);
      expect(error.message).not.toContain(PATIENT_ID);
      return error;
    }
    throw error;
  }
  throw new Error('parseInstance accepted the bytes');
}

function instance(extra: Record<string, unknown> = {}, sopInstanceUID = newUid()): Buffer {
  return makeInstance({ patientName: PATIENT_NAME, patientID: PATIENT_ID, sopInstanceUID, extra });
}


describe('parseInstance', () => {
  // dcmjs warns on the console about each corrupt element it reads; what counts here is what parseInstance throws.
  beforeAll(() => dcmjs.log.setLevel('silent'));

  it('reads the UIDs, demographics and the native pixel data location of a valid file', () => {
    const studyInstanceUID = newUid();
    const sopInstanceUID = newUid();
    const bytes = makeInstance({ studyInstanceUID, sopInstanceUID, patientName: PATIENT_NAME, rows: 4, columns: 6 });
    const parsed = parseInstance(bytes);
    expect(parsed.studyInstanceUID).toBe(studyInstanceUID);
    expect(parsed.sopInstanceUID).toBe(sopInstanceUID);
    expect(parsed.sopClassUID).toBe(SopClass.CTImageStorage);
    expect(parsed.transferSyntaxUID).toBe(TransferSyntax.ExplicitVRLittleEndian);
    expect(parsed.patient.patientName).toBe(PATIENT_NAME);
    // The pixel data is the last element: 4 x 6 16-bit samples at the end of the file.
    expect(parsed.pixelData).toEqual({ offset: bytes.length - 48, length: 48 });
  });

  describe('refuses what is not a DICOM Part 10 file', () => {
    it.each([
      ['empty', Buffer.alloc(0)],
      ['shorter than preamble and prefix', Buffer.from('DICM')],
      ['random bytes', randomBytes(4096)],
      ['a PNG', Buffer.concat([PNG_SIGNATURE, randomBytes(1024)])],
      ['a data set without the Part 10 preamble', instance().subarray(132)],
    ])('%s: InvalidDicom, "no DICM prefix"', (_name, bytes) => {
      const error = refusal(bytes);
      expect(error.code).toBe('InvalidDicom');
      expect(error.message).toMatch(/no "DICM" prefix at byte 128/);
    });

    it('a "DICM" prefix followed by garbage: InvalidDicom, malformed', () => {
      const bytes = Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), Buffer.alloc(64, 0xff)]);
      const error = refusal(bytes);
      expect(error.code).toBe('InvalidDicom');
      expect(error.message).toMatch(/^Malformed DICOM data set: /);
    });
  });

  describe('refuses a truncated file with the reason', () => {
    const bytes = makeInstance({ patientName: PATIENT_NAME, patientID: PATIENT_ID, rows: 16, columns: 16 });

    it('cut inside the file meta header', () => {
      const error = refusal(bytes.subarray(0, 150));
      expect(error.code).toBe('InvalidDicom');
      expect(error.message).toMatch(/^Malformed DICOM data set: .*truncated file\?/);
    });

    it('cut inside an element of the data set header', () => {
      const error = refusal(bytes.subarray(0, bytes.indexOf(PATIENT_NAME) + 4));
      expect(error.code).toBe('InvalidDicom');
      expect(error.message).toMatch(/^Malformed DICOM data set: .*truncated file\?/);
    });

    it('cut inside the pixel data', () => {
      const error = refusal(bytes.subarray(0, bytes.length - 100));
      expect(error.code).toBe('InvalidDicom');
      expect(error.message).toMatch(/^Malformed DICOM data set: .*truncated file\?/);
    });

    it('at every length, parses (a cut between elements) or refuses with an AppError that says why', () => {
      const small = makeInstance({ patientName: PATIENT_NAME, patientID: PATIENT_ID, rows: 2, columns: 2 });
      const messages = new Set<string>();
      for (let length = 0; length < small.length; length++) {
        let outcome: string;
        try {
          parseInstance(small.subarray(0, length));
          outcome = 'parsed';
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
          outcome = (error as AppError).message;
        }
        messages.add(outcome);
      }
      expect([...messages].filter((m) => /unknown error/.test(m))).toEqual([]);
      expect([...messages].some((m) => /truncated file\?/.test(m))).toBe(true);
    });
  });

  describe('refuses missing UIDs, naming the attribute and the instance', () => {
    it.each([
      ['StudyInstanceUID', 'StudyInstanceUID (0020,000D)'],
      ['SeriesInstanceUID', 'SeriesInstanceUID (0020,000E)'],
    ])('without %s: MissingAttribute, SOP Class and Instance UIDs kept', (keyword, named) => {
      const sopInstanceUID = newUid();
      for (const value of [undefined, '']) {
        const error = refusal(instance({ [keyword]: value }, sopInstanceUID));
        expect(error.code).toBe('MissingAttribute');
        expect(error.message).toBe(`${named} is missing or empty`);
        expect(error).toBeInstanceOf(InstanceRejectedError);
        expect((error as InstanceRejectedError).uids).toEqual({ sopClassUID: SopClass.CTImageStorage, sopInstanceUID });
      }
    });

    it('without SOPInstanceUID: MissingAttribute, only the SOP Class UID kept', () => {
      const error = refusal(instance({ SOPInstanceUID: undefined }));
      expect(error.code).toBe('MissingAttribute');
      expect(error.message).toBe('SOPInstanceUID (0008,0018) is missing or empty');
      expect((error as InstanceRejectedError).uids).toEqual({ sopClassUID: SopClass.CTImageStorage });
    });

    it('without SOPClassUID: MissingAttribute, only the SOP Instance UID kept', () => {
      const sopInstanceUID = newUid();
      const error = refusal(instance({ SOPClassUID: undefined }, sopInstanceUID));
      expect(error.code).toBe('MissingAttribute');
      expect(error.message).toBe('SOPClassUID (0008,0016) is missing or empty');
      expect((error as InstanceRejectedError).uids).toEqual({ sopInstanceUID });
    });
  });

  describe('refuses malformed UIDs (PS3.5 9.1)', () => {
    it.each([
      ['a component with a leading zero', { StudyInstanceUID: '1.2.03' }, 'StudyInstanceUID (0020,000D)'],
      ['letters', { SeriesInstanceUID: '1.2.abc' }, 'SeriesInstanceUID (0020,000E)'],
      ['an empty component', { StudyInstanceUID: '1..2' }, 'StudyInstanceUID (0020,000D)'],
      ['a trailing dot', { SeriesInstanceUID: '1.2.' }, 'SeriesInstanceUID (0020,000E)'],
      // dcmjs reads these two as 1.2.840.10008.5.1.4.1.1.2 and 1.2.34: the archive must not index a UID the file does not carry.
      ['a letter after a valid SOP Class UID', { SOPClassUID: '1.2.840.10008.5.1.4.1.1.2x' }, 'SOPClassUID (0008,0016)'],
      ['a letter inside a component', { StudyInstanceUID: '1.2.3x4' }, 'StudyInstanceUID (0020,000D)'],
      ['two values (VM 1)', { SeriesInstanceUID: ['1.2.3', '1.2.4'] }, 'SeriesInstanceUID (0020,000E)'],
      // dcmjs cuts UI values at 64 characters when writing; an unlimited text VR carries a longer one.
      ['65 characters', { StudyInstanceUID: `1.${'2'.repeat(63)}`, _vrMap: { PixelData: 'OW', StudyInstanceUID: 'UT' } }, 'StudyInstanceUID (0020,000D)'],
    ])('%s: InvalidDicom naming the attribute', (_name, extra, named) => {
      const error = refusal(instance(extra));
      expect(error.code).toBe('InvalidDicom');
      expect(error.message).toBe(`${named} is not a valid UID (PS3.5 9.1)`);
    });

    it('an invalid SOP Instance UID is not carried as the instance to name', () => {
      const error = refusal(instance({ SOPInstanceUID: '1.2.x' }));
      expect(error.message).toBe('SOPInstanceUID (0008,0018) is not a valid UID (PS3.5 9.1)');
      expect((error as InstanceRejectedError).uids).toEqual({ sopClassUID: SopClass.CTImageStorage });
    });

    it('a 64-character UID is valid', () => {
      const studyInstanceUID = `1.${'2'.repeat(62)}`;
      expect(studyInstanceUID).toHaveLength(64);
      expect(parseInstance(makeInstance({ studyInstanceUID })).studyInstanceUID).toBe(studyInstanceUID);
    });
  });

  it('refuses MediaStorageSOPInstanceUID different from SOPInstanceUID, naming the data set\'s', () => {
    // makeInstance writes MediaStorageSOPInstanceUID from its sopInstanceUID; extra replaces only the data set's.
    const sopInstanceUID = newUid();
    const error = refusal(instance({ SOPInstanceUID: sopInstanceUID }, newUid()));
    expect(error.code).toBe('InvalidDicom');
    expect(error.message).toBe('MediaStorageSOPInstanceUID (0002,0003) differs from SOPInstanceUID (0008,0018)');
    expect((error as InstanceRejectedError).uids).toEqual({ sopClassUID: SopClass.CTImageStorage, sopInstanceUID });
  });

  it('refuses a data set whose SOPClassUID differs from MediaStorageSOPClassUID with SopClassMismatch (A900)', () => {
    // extra replaces the data set's SOPClassUID only; the meta header keeps CT Image Storage.
    const error = refusal(instance({ SOPClassUID: SopClass.MRImageStorage }));
    expect(error.code).toBe('SopClassMismatch');
    expect(error.dimseStatus).toBe(0xa900);
    expect(error.message).toBe('MediaStorageSOPClassUID (0002,0002) differs from SOPClassUID (0008,0016)');
  });

  it('on seeded random corruption, parses or refuses with an AppError, never throws anything else', () => {
    const original = makeInstance({ patientName: PATIENT_NAME, patientID: PATIENT_ID, rows: 4, columns: 4 });
    for (let seed = 1; seed <= 500; seed++) {
      const random = seeded(seed);
      const bytes = Buffer.from(original);
      const flips = 1 + Math.floor(random() * 8);
      for (let i = 0; i < flips; i++) {
        // Leave the preamble alone: corruption there only exercises the "DICM" check.
        const at = 128 + Math.floor(random() * (bytes.length - 128));
        bytes[at] = Math.floor(random() * 256);
      }
      const cut = random() < 0.3 ? Math.floor(random() * bytes.length) : bytes.length;
      try {
        parseInstance(bytes.subarray(0, cut));
      } catch (error) {
        expect(error, `seed ${seed}`).toBeInstanceOf(AppError);
        expect((error as AppError).message, `seed ${seed}`).not.toContain(PATIENT_ID);
      }
    }
  });
});
