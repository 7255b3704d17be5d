import { describe, expect, it } from 'vitest';
import { STORAGE_SOP_CLASSES, STORAGE_SOP_CLASS_BY_UID, SopClass, isStorageSopClass } from './storageSopClasses.js';

/** PS3.5 Section 9.1: digits and dots, no leading zero in a component, at most 64 characters. */
const UID = /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/;

describe('STORAGE_SOP_CLASSES', () => {
  it('holds the full current table and more than a handful of retired classes', () => {
    expect(STORAGE_SOP_CLASSES.filter((s) => !s.retired).length).toBeGreaterThanOrEqual(150);
    expect(STORAGE_SOP_CLASSES.filter((s) => s.retired).length).toBeGreaterThanOrEqual(15);
  });

  it('has well-formed UIDs of at most 64 characters', () => {
    for (const { uid } of STORAGE_SOP_CLASSES) {
      expect(uid).toMatch(/^[0-9]+(\.[0-9]+)*$/);
      expect(uid).toMatch(UID);
      expect(uid.length).toBeLessThanOrEqual(64);
    }
  });

  it('has no duplicate UIDs, keywords or names', () => {
    const distinct = (key: 'uid' | 'keyword' | 'name') => new Set(STORAGE_SOP_CLASSES.map((s) => s[key])).size;
    expect(distinct('uid')).toBe(STORAGE_SOP_CLASSES.length);
    expect(distinct('keyword')).toBe(STORAGE_SOP_CLASSES.length);
    expect(distinct('name')).toBe(STORAGE_SOP_CLASSES.length);
    expect(STORAGE_SOP_CLASS_BY_UID.size).toBe(STORAGE_SOP_CLASSES.length);
  });

  it('has keywords that are PS3.6-style identifiers', () => {
    for (const { keyword } of STORAGE_SOP_CLASSES) expect(keyword).toMatch(/^[A-Za-z][A-Za-z0-9]*$/);
  });

  it.each([
    ['1.2.840.10008.5.1.4.1.1.2', 'CTImageStorage', false],
    ['1.2.840.10008.5.1.4.1.1.4', 'MRImageStorage', false],
    ['1.2.840.10008.5.1.4.1.1.7', 'SecondaryCaptureImageStorage', false],
    ['1.2.840.10008.5.1.4.1.1.13.1.3', 'BreastTomosynthesisImageStorage', false],
    ['1.2.840.10008.5.1.4.1.1.66.4', 'SegmentationStorage', false],
    ['1.2.840.10008.5.1.4.1.1.66.8', 'HeightMapSegmentationStorage', false],
    ['1.2.840.10008.5.1.4.1.1.77.1.6', 'VLWholeSlideMicroscopyImageStorage', false],
    ['1.2.840.10008.5.1.4.1.1.88.34', 'Comprehensive3DSRStorage', false],
    ['1.2.840.10008.5.1.4.1.1.104.1', 'EncapsulatedPDFStorage', false],
    ['1.2.840.10008.5.1.4.1.1.481.3', 'RTStructureSetStorage', false],
    ['1.2.840.10008.5.1.4.1.1.200.2', 'CTPerformedProcedureProtocolStorage', false],
    ['1.2.840.10008.5.1.4.1.1.6', 'UltrasoundImageStorageRetired', true],
    ['1.2.840.10008.5.1.4.1.1.5', 'NuclearMedicineImageStorageRetired', true],
    ['1.2.840.10008.5.1.4.1.1.3', 'UltrasoundMultiFrameImageStorageRetired', true],
  ])('knows %s as %s (retired: %s)', (uid, keyword, retired) => {
    expect(STORAGE_SOP_CLASS_BY_UID.get(uid)).toMatchObject({ uid, keyword, retired });
  });
});

describe('SopClass', () => {
  it('agrees with the storage table for every storage entry', () => {
    const storage = Object.entries(SopClass).filter(([keyword]) => keyword.endsWith('Storage'));
    expect(storage.length).toBeGreaterThan(20);
    for (const [keyword, uid] of storage) {
      if (keyword === 'MediaStorageDirectoryStorage') continue; // DICOMDIR: media only, not C-STORE
      expect(STORAGE_SOP_CLASS_BY_UID.get(uid)?.keyword).toBe(keyword);
    }
  });

  it('has the service UIDs of PS3.6 Annex A', () => {
    expect(SopClass.VerificationSOPClass).toBe('1.2.840.10008.1.1');
    expect(SopClass.StorageCommitmentPushModel).toBe('1.2.840.10008.1.20.1');
    expect(SopClass.StudyRootQueryRetrieveInformationModelFind).toBe('1.2.840.10008.5.1.4.1.2.2.1');
    expect(SopClass.PatientRootQueryRetrieveInformationModelGet).toBe('1.2.840.10008.5.1.4.1.2.1.3');
    expect(SopClass.ModalityWorklistInformationModelFind).toBe('1.2.840.10008.5.1.4.31');
    for (const uid of Object.values(SopClass)) expect(uid).toMatch(UID);
    expect(new Set(Object.values(SopClass)).size).toBe(Object.keys(SopClass).length);
  });

  it('keeps non-storage services out of the storage table', () => {
    expect(isStorageSopClass(SopClass.VerificationSOPClass)).toBe(false);
    expect(isStorageSopClass(SopClass.StudyRootQueryRetrieveInformationModelMove)).toBe(false);
    expect(isStorageSopClass(SopClass.MediaStorageDirectoryStorage)).toBe(false);
    expect(isStorageSopClass(SopClass.CTImageStorage)).toBe(true);
  });
});
