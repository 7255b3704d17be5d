import type { DicomElement, TextVr } from './writePart10.js';

/**
 * The attributes of one synthetic CT image, by DICOM keyword. The tags and VRs come
 * from PS3.6 (section 6); only the keywords written here are listed. Modules follow
 * the CT Image IOD (PS3.3 A.3): Patient, General Study, General Series, Frame of
 * Reference, General Equipment, General/CT Image, Image Plane, Image Pixel, VOI LUT
 * and SOP Common.
 */
const DICTIONARY = {
  SpecificCharacterSet: [0x0008_0005, 'CS'],
  ImageType: [0x0008_0008, 'CS'],
  InstanceCreationDate: [0x0008_0012, 'DA'],
  InstanceCreationTime: [0x0008_0013, 'TM'],
  SOPClassUID: [0x0008_0016, 'UI'],
  SOPInstanceUID: [0x0008_0018, 'UI'],
  StudyDate: [0x0008_0020, 'DA'],
  SeriesDate: [0x0008_0021, 'DA'],
  AcquisitionDate: [0x0008_0022, 'DA'],
  ContentDate: [0x0008_0023, 'DA'],
  StudyTime: [0x0008_0030, 'TM'],
  SeriesTime: [0x0008_0031, 'TM'],
  AcquisitionTime: [0x0008_0032, 'TM'],
  ContentTime: [0x0008_0033, 'TM'],
  AccessionNumber: [0x0008_0050, 'SH'],
  Modality: [0x0008_0060, 'CS'],
  Manufacturer: [0x0008_0070, 'LO'],
  InstitutionName: [0x0008_0080, 'LO'],
  ReferringPhysicianName: [0x0008_0090, 'PN'],
  StudyDescription: [0x0008_1030, 'LO'],
  SeriesDescription: [0x0008_103e, 'LO'],
  ManufacturerModelName: [0x0008_1090, 'LO'],
  PatientName: [0x0010_0010, 'PN'],
  PatientID: [0x0010_0020, 'LO'],
  PatientBirthDate: [0x0010_0030, 'DA'],
  PatientSex: [0x0010_0040, 'CS'],
  PatientAge: [0x0010_1010, 'AS'],
  BodyPartExamined: [0x0018_0015, 'CS'],
  SliceThickness: [0x0018_0050, 'DS'],
  KVP: [0x0018_0060, 'DS'],
  SpacingBetweenSlices: [0x0018_0088, 'DS'],
  SoftwareVersions: [0x0018_1020, 'LO'],
  ReconstructionDiameter: [0x0018_1100, 'DS'],
  ExposureTime: [0x0018_1150, 'IS'],
  XRayTubeCurrent: [0x0018_1151, 'IS'],
  ConvolutionKernel: [0x0018_1210, 'SH'],
  PatientPosition: [0x0018_5100, 'CS'],
  StudyInstanceUID: [0x0020_000d, 'UI'],
  SeriesInstanceUID: [0x0020_000e, 'UI'],
  StudyID: [0x0020_0010, 'SH'],
  SeriesNumber: [0x0020_0011, 'IS'],
  AcquisitionNumber: [0x0020_0012, 'IS'],
  InstanceNumber: [0x0020_0013, 'IS'],
  ImagePositionPatient: [0x0020_0032, 'DS'],
  ImageOrientationPatient: [0x0020_0037, 'DS'],
  FrameOfReferenceUID: [0x0020_0052, 'UI'],
  PositionReferenceIndicator: [0x0020_1040, 'LO'],
  SliceLocation: [0x0020_1041, 'DS'],
  PhotometricInterpretation: [0x0028_0004, 'CS'],
  PixelSpacing: [0x0028_0030, 'DS'],
  WindowCenter: [0x0028_1050, 'DS'],
  WindowWidth: [0x0028_1051, 'DS'],
  RescaleIntercept: [0x0028_1052, 'DS'],
  RescaleSlope: [0x0028_1053, 'DS'],
  RescaleType: [0x0028_1054, 'LO'],
  WindowCenterWidthExplanation: [0x0028_1055, 'LO'],
} as const satisfies Record<string, readonly [number, TextVr]>;

type Keyword = keyof typeof DICTIONARY;

const US_TAGS = {
  SamplesPerPixel: 0x0028_0002,
  Rows: 0x0028_0010,
  Columns: 0x0028_0011,
  BitsAllocated: 0x0028_0100,
  BitsStored: 0x0028_0101,
  HighBit: 0x0028_0102,
  PixelRepresentation: 0x0028_0103,
} as const;
const PIXEL_DATA_TAG = 0x7fe0_0010;

/** Stored value = HU − RESCALE_INTERCEPT (signed 16-bit, slope 1), as GE scanners write CT. */
export const RESCALE_INTERCEPT_HU = -1024;

export interface CtImageDescription {
  readonly sopClassUid: string;
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly sopInstanceUid: string;
  readonly frameOfReferenceUid: string;
  readonly instanceNumber: number;
  readonly imagePositionPatient: readonly [number, number, number];
  readonly rows: number;
  readonly columns: number;
  readonly pixelSpacingMm: number;
  readonly sliceThicknessMm: number;
  /** Little-endian signed 16-bit stored values, rows × columns. */
  readonly pixelData: Uint8Array;
}

/** Study-level text of the demo study (kept apart so the seed data reads in one place). */
export const DEMO_CT_STUDY = {
  PatientName: 'DEMO^CHEST',
  PatientID: 'CONSILIUM-DEMO-CT',
  PatientBirthDate: '19700101',
  PatientSex: 'O',
  PatientAge: '054Y',
  StudyDescription: 'Synthetic chest CT (demo)',
  AccessionNumber: 'DEMO-CT-0001',
  StudyID: 'DEMO1',
  StudyDate: '20240314',
  StudyTime: '101500',
  SeriesDescription: 'Thorax 1.25 mm axial (synthetic)',
} as const;

export function ctImageAttributes(d: CtImageDescription): DicomElement[] {
  const s = DEMO_CT_STUDY;
  const text: Partial<Record<Keyword, string>> = {
    SpecificCharacterSet: 'ISO_IR 100',
    ImageType: 'ORIGINAL\\PRIMARY\\AXIAL',
    InstanceCreationDate: s.StudyDate,
    InstanceCreationTime: s.StudyTime,
    SOPClassUID: d.sopClassUid,
    SOPInstanceUID: d.sopInstanceUid,
    StudyDate: s.StudyDate,
    SeriesDate: s.StudyDate,
    AcquisitionDate: s.StudyDate,
    ContentDate: s.StudyDate,
    StudyTime: s.StudyTime,
    SeriesTime: s.StudyTime,
    AcquisitionTime: s.StudyTime,
    ContentTime: s.StudyTime,
    AccessionNumber: s.AccessionNumber,
    Modality: 'CT',
    Manufacturer: 'Consilium',
    InstitutionName: 'Consilium Demo Hospital',
    ReferringPhysicianName: '',
    StudyDescription: s.StudyDescription,
    SeriesDescription: s.SeriesDescription,
    ManufacturerModelName: 'Synthetic thorax phantom',
    PatientName: s.PatientName,
    PatientID: s.PatientID,
    PatientBirthDate: s.PatientBirthDate,
    PatientSex: s.PatientSex,
    PatientAge: s.PatientAge,
    BodyPartExamined: 'CHEST',
    SliceThickness: ds(d.sliceThicknessMm),
    KVP: '120',
    SpacingBetweenSlices: ds(d.sliceThicknessMm),
    SoftwareVersions: 'consilium-demo 1',
    ReconstructionDiameter: ds(d.columns * d.pixelSpacingMm),
    ExposureTime: '500',
    XRayTubeCurrent: '200',
    ConvolutionKernel: 'STANDARD',
    PatientPosition: 'HFS',
    StudyInstanceUID: d.studyInstanceUid,
    SeriesInstanceUID: d.seriesInstanceUid,
    StudyID: s.StudyID,
    SeriesNumber: '1',
    AcquisitionNumber: '1',
    InstanceNumber: String(d.instanceNumber),
    ImagePositionPatient: d.imagePositionPatient.map(ds).join('\\'),
    ImageOrientationPatient: '1\\0\\0\\0\\1\\0',
    FrameOfReferenceUID: d.frameOfReferenceUid,
    PositionReferenceIndicator: '',
    SliceLocation: ds(d.imagePositionPatient[2]),
    PhotometricInterpretation: 'MONOCHROME2',
    PixelSpacing: `${ds(d.pixelSpacingMm)}\\${ds(d.pixelSpacingMm)}`,
    WindowCenter: '40',
    WindowWidth: '400',
    RescaleIntercept: ds(RESCALE_INTERCEPT_HU),
    RescaleSlope: '1',
    RescaleType: 'HU',
    WindowCenterWidthExplanation: 'ABDOMEN',
  };
  const elements: DicomElement[] = Object.entries(text).map(([keyword, value]) => {
    const [tag, vr] = DICTIONARY[keyword as Keyword];
    return { tag, vr, value: value ?? '' };
  });
  const us: Record<keyof typeof US_TAGS, number> = {
    SamplesPerPixel: 1,
    Rows: d.rows,
    Columns: d.columns,
    BitsAllocated: 16,
    BitsStored: 16,
    HighBit: 15,
    PixelRepresentation: 1,
  };
  for (const [keyword, value] of Object.entries(us)) {
    elements.push({ tag: US_TAGS[keyword as keyof typeof US_TAGS], vr: 'US', value: [value] });
  }
  elements.push({ tag: PIXEL_DATA_TAG, vr: 'OW', value: d.pixelData });
  return elements;
}

/** Decimal String (PS3.5 Table 6.2-1): at most 16 characters, no exponent here. */
export function ds(value: number): string {
  const s = String(Number(value.toFixed(4)));
  if (s.length > 16 || s.includes('e')) throw new RangeError(`cannot encode ${value} as DS`);
  return s === '-0' ? '0' : s;
}
