import { randomUUID } from 'node:crypto';
import dcmjs from 'dcmjs';
import { SopClass, TransferSyntax } from '@consilium/shared';

export interface InstanceSpec {
  studyInstanceUID?: string;
  seriesInstanceUID?: string;
  sopInstanceUID?: string;
  sopClassUID?: string;
  patientName?: string;
  patientID?: string;
  studyDate?: string;
  studyTime?: string;
  accessionNumber?: string;
  studyDescription?: string;
  modality?: string;
  seriesNumber?: number;
  instanceNumber?: number;
  rows?: number;
  columns?: number;
  /** Value every pixel gets (16-bit signed); the instance number by default. */
  pixelValue?: number;
  /** Extra naturalized attributes (dcmjs keywords). */
  extra?: Record<string, unknown>;
}

/** A fresh UID under 2.25 (PS3.5 B.2), for tests. */
export function newUid(): string {
  return `2.25.${BigInt(`0x${randomUUID().replace(/-/g, '')}`).toString(10)}`;
}

/**
 * A small valid CT instance as a Part 10 file (Explicit VR Little Endian),
 * written with dcmjs: an independent writer, so tests do not check the
 * archive's reading against its own writing.
 */
export function makeInstance(spec: InstanceSpec = {}): Buffer {
  const rows = spec.rows ?? 8;
  const columns = spec.columns ?? 8;
  const pixels = new Int16Array(rows * columns).fill(spec.pixelValue ?? spec.instanceNumber ?? 1);
  const sopInstanceUID = spec.sopInstanceUID ?? newUid();
  const sopClassUID = spec.sopClassUID ?? SopClass.CTImageStorage;
  const dataset = {
    SOPClassUID: sopClassUID,
    SOPInstanceUID: sopInstanceUID,
    StudyInstanceUID: spec.studyInstanceUID ?? newUid(),
    SeriesInstanceUID: spec.seriesInstanceUID ?? newUid(),
    PatientName: spec.patientName ?? 'TEST^PATIENT',
    PatientID: spec.patientID ?? 'TEST-001',
    PatientBirthDate: '19700101',
    PatientSex: 'O',
    StudyDate: spec.studyDate ?? '20260101',
    StudyTime: spec.studyTime ?? '101500',
    AccessionNumber: spec.accessionNumber ?? 'ACC-1',
    StudyDescription: spec.studyDescription ?? 'Test study',
    StudyID: '1',
    ReferringPhysicianName: 'REF^DOCTOR',
    Modality: spec.modality ?? 'CT',
    SeriesNumber: spec.seriesNumber ?? 1,
    InstanceNumber: spec.instanceNumber ?? 1,
    SpecificCharacterSet: 'ISO_IR 192',
    Rows: rows,
    Columns: columns,
    BitsAllocated: 16,
    BitsStored: 16,
    HighBit: 15,
    PixelRepresentation: 1,
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    RescaleIntercept: 0,
    RescaleSlope: 1,
    PixelData: [pixels.buffer],
    _vrMap: { PixelData: 'OW' },
    ...spec.extra,
  };
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: sopClassUID,
    MediaStorageSOPInstanceUID: sopInstanceUID,
    TransferSyntaxUID: TransferSyntax.ExplicitVRLittleEndian,
    ImplementationClassUID: '2.25.1',
  };
  const { DicomDict, DicomMetaDictionary } = dcmjs.data;
  const dict = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = DicomMetaDictionary.denaturalizeDataset(dataset);
  return Buffer.from(dict.write());
}
