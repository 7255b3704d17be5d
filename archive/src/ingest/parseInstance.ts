import { inflateRawSync } from 'node:zlib';
import dcmjs from 'dcmjs';
import type { DicomJsonDict } from 'dcmjs';
import dicomParser from 'dicom-parser';
import { AppError, Tag, TransferSyntax, isNativeTransferSyntax } from '@consilium/shared';
import { readInteger, readItems, readString, readStrings } from './readDicomJson.js';
import { toMetadataJson } from './toMetadataJson.js';

/** What the index needs of one instance, read from its header at ingest. */
export interface ParsedInstance {
  sopInstanceUID: string;
  sopClassUID: string;
  studyInstanceUID: string;
  seriesInstanceUID: string;
  transferSyntaxUID: string;
  patient: {
    patientId: string;
    issuerOfPatientId: string;
    patientName: string;
    patientBirthDate: string;
    patientSex: string;
  };
  study: {
    studyDate: string;
    studyTime: string;
    accessionNumber: string;
    referringPhysicianName: string;
    studyId: string;
    studyDescription: string;
    timezoneOffsetFromUtc: string;
  };
  series: {
    modality: string;
    seriesNumber: number | undefined;
    seriesDescription: string;
    seriesDate: string;
    seriesTime: string;
    bodyPartExamined: string;
    performedProcedureStepStartDate: string;
    performedProcedureStepStartTime: string;
    scheduledProcedureStepIds: string[];
    requestedProcedureIds: string[];
  };
  instance: {
    instanceNumber: number | undefined;
    rows: number | undefined;
    columns: number | undefined;
    numberOfFrames: number | undefined;
  };
  /** Native pixel data location in the file, for range reads of frames. */
  pixelData: { offset: number; length: number } | null;
  /** DICOM JSON of the instance with relative BulkDataURIs (see toMetadataJson). */
  metadata: string;
}

/** PS3.5 9.1: a UID is dot-separated numeric components, at most 64 characters. */
const UID_PATTERN = /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/;
const PIXEL_DATA = Tag.PixelData;

/**
 * Parses a DICOM Part 10 file's header (PS3.10 7.1) and validates what the
 * archive cannot do without. Throws AppError('InvalidDicom' | 'MissingAttribute')
 * with a precise reason; never includes attribute values of patients in it.
 */
export function parseInstance(bytes: Uint8Array): ParsedInstance {
  if (bytes.byteLength < 132 || Buffer.from(bytes.buffer, bytes.byteOffset + 128, 4).toString('latin1') !== 'DICM') {
    throw new AppError('InvalidDicom', 'Not a DICOM Part 10 file: no "DICM" prefix at byte 128 (PS3.10 7.1)');
  }
  const raw = parseWithDicomParser(bytes);
  const dict = parseWithDcmjs(bytes);
  const transferSyntaxUID = raw.string('x00020010')?.trim() ?? '';
  requireUid(transferSyntaxUID, 'TransferSyntaxUID (0002,0010)');

  const uids = {
    sopInstanceUID: readString(dict, Tag.SOPInstanceUID),
    sopClassUID: readString(dict, Tag.SOPClassUID),
    studyInstanceUID: readString(dict, Tag.StudyInstanceUID),
    seriesInstanceUID: readString(dict, Tag.SeriesInstanceUID),
  };
  requireUid(uids.sopInstanceUID, 'SOPInstanceUID (0008,0018)');
  requireUid(uids.sopClassUID, 'SOPClassUID (0008,0016)');
  requireUid(uids.studyInstanceUID, 'StudyInstanceUID (0020,000D)');
  requireUid(uids.seriesInstanceUID, 'SeriesInstanceUID (0020,000E)');
  const mediaSopInstance = raw.string('x00020003')?.trim();
  if (mediaSopInstance && mediaSopInstance !== uids.sopInstanceUID) {
    throw new AppError(
      'InvalidDicom',
      'MediaStorageSOPInstanceUID (0002,0003) differs from SOPInstanceUID (0008,0018)',
    );
  }

  const requestItems = readItems(dict, Tag.RequestAttributesSequence);
  return {
    ...uids,
    transferSyntaxUID,
    patient: {
      patientId: readString(dict, Tag.PatientID),
      issuerOfPatientId: readString(dict, Tag.IssuerOfPatientID),
      patientName: readString(dict, Tag.PatientName),
      patientBirthDate: readString(dict, Tag.PatientBirthDate),
      patientSex: readString(dict, Tag.PatientSex),
    },
    study: {
      studyDate: readString(dict, Tag.StudyDate),
      studyTime: readString(dict, Tag.StudyTime),
      accessionNumber: readString(dict, Tag.AccessionNumber),
      referringPhysicianName: readString(dict, Tag.ReferringPhysicianName),
      studyId: readString(dict, Tag.StudyID),
      studyDescription: readString(dict, Tag.StudyDescription),
      timezoneOffsetFromUtc: readString(dict, Tag.TimezoneOffsetFromUTC),
    },
    series: {
      modality: readString(dict, Tag.Modality),
      seriesNumber: readInteger(dict, Tag.SeriesNumber),
      seriesDescription: readString(dict, Tag.SeriesDescription),
      seriesDate: readString(dict, Tag.SeriesDate),
      seriesTime: readString(dict, Tag.SeriesTime),
      bodyPartExamined: readString(dict, Tag.BodyPartExamined),
      performedProcedureStepStartDate: readString(dict, Tag.PerformedProcedureStepStartDate),
      performedProcedureStepStartTime: readString(dict, Tag.PerformedProcedureStepStartTime),
      scheduledProcedureStepIds: requestItems.flatMap((i) => readStrings(i, Tag.ScheduledProcedureStepID)),
      requestedProcedureIds: requestItems.flatMap((i) => readStrings(i, Tag.RequestedProcedureID)),
    },
    instance: {
      instanceNumber: readInteger(dict, Tag.InstanceNumber),
      rows: readInteger(dict, Tag.Rows),
      columns: readInteger(dict, Tag.Columns),
      numberOfFrames: readInteger(dict, Tag.NumberOfFrames),
    },
    pixelData: nativePixelData(raw, transferSyntaxUID),
    metadata: toMetadataJson(dict, raw.elements[`x${PIXEL_DATA.toLowerCase()}`] !== undefined, uids, transferSyntaxUID),
  };
}

function requireUid(value: string, name: string): void {
  if (value === '') throw new AppError('MissingAttribute', `${name} is missing or empty`);
  if (value.length > 64 || !UID_PATTERN.test(value)) {
    throw new AppError('InvalidDicom', `${name} is not a valid UID (PS3.5 9.1)`);
  }
}

function parseWithDicomParser(bytes: Uint8Array): dicomParser.DataSet {
  try {
    return dicomParser.parseDicom(bytes, {
      // Deflated data sets (PS3.5 A.5) are raw DEFLATE after the file meta group.
      inflater: (arr: Uint8Array, position: number) => {
        const inflated = inflateRawSync(arr.subarray(position));
        const out = new Uint8Array(position + inflated.length);
        out.set(arr.subarray(0, position));
        out.set(inflated, position);
        return out;
      },
    } as dicomParser.ParseDicomOptions);
  } catch (error) {
    throw new AppError('InvalidDicom', `Malformed DICOM data set: ${describe(error)}`);
  }
}

function parseWithDcmjs(bytes: Uint8Array): DicomJsonDict {
  const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  try {
    const dict = dcmjs.data.DicomMessage.readFile(copy, { untilTag: PIXEL_DATA, includeUntilTagValue: false, noCopy: true }).dict;
    delete dict[PIXEL_DATA];
    return dict;
  } catch (error) {
    throw new AppError('InvalidDicom', `Malformed DICOM data set: ${describe(error)}`);
  }
}

function nativePixelData(raw: dicomParser.DataSet, transferSyntaxUID: string): ParsedInstance['pixelData'] {
  const element = raw.elements[`x${PIXEL_DATA.toLowerCase()}`];
  const byteOrderNeedsWork =
    transferSyntaxUID === TransferSyntax.DeflatedExplicitVRLittleEndian ||
    transferSyntaxUID === TransferSyntax.ExplicitVRBigEndian;
  if (!element || byteOrderNeedsWork || !isNativeTransferSyntax(transferSyntaxUID)) return null;
  if (element.length <= 0 || element.encapsulatedPixelData) return null;
  return { offset: element.dataOffset, length: element.length };
}

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : typeof error === 'string' ? error : 'unknown error';
  return text.replace(/^dicomParser\.\w+: /, '').slice(0, 200);
}
