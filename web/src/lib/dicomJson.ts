/**
 * Reading DICOM JSON (PS3.18 F.2) as QIDO-RS and WADO-RS metadata return it:
 * an object keyed by 8-hex-digit tags, each `{ vr, Value?, BulkDataURI?, InlineBinary? }`.
 */
export interface DicomJsonAttribute {
  vr: string;
  Value?: unknown[];
  BulkDataURI?: string;
  InlineBinary?: string;
}

export type DicomJson = Record<string, DicomJsonAttribute | undefined>;

/** First value of a string-like attribute (CS, LO, SH, UI, DA, TM, ...), or undefined. */
export function dicomString(dataset: DicomJson, tag: string): string | undefined {
  const value = dataset[tag]?.Value?.[0];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object') return personNameOf(value);
  return String(value);
}

/** All values of a multi-valued attribute as strings (e.g. ModalitiesInStudy). */
export function dicomStrings(dataset: DicomJson, tag: string): string[] {
  return (dataset[tag]?.Value ?? []).filter((v) => v !== null && v !== undefined).map((v) => (typeof v === 'object' ? (personNameOf(v) ?? '') : String(v)));
}

/** First value of a numeric attribute (IS, DS, US, UL, FD, ...), or undefined. */
export function dicomNumber(dataset: DicomJson, tag: string): number | undefined {
  const value = dataset[tag]?.Value?.[0];
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** All numeric values (e.g. PixelSpacing, ImagePositionPatient). */
export function dicomNumbers(dataset: DicomJson, tag: string): number[] {
  return (dataset[tag]?.Value ?? []).map(Number).filter(Number.isFinite);
}

/** PN values are `{ Alphabetic, Ideographic?, Phonetic? }` (PS3.18 F.2.2). */
function personNameOf(value: object): string | undefined {
  const alphabetic = (value as { Alphabetic?: unknown }).Alphabetic;
  return typeof alphabetic === 'string' ? alphabetic : undefined;
}

/** `DOE^JANE^^DR` as "DOE, JANE DR" for display. */
export function formatPersonName(name: string | undefined): string {
  if (!name) return '';
  const [family = '', given = '', middle = '', prefix = '', suffix = ''] = name.split('^');
  const rest = [prefix, given, middle, suffix].filter(Boolean).join(' ');
  return rest ? `${family}, ${rest}` : family;
}

/** DA `20240131` as `2024-01-31`; anything else unchanged. */
export function formatDicomDate(da: string | undefined): string {
  if (!da || !/^\d{8}$/.test(da)) return da ?? '';
  return `${da.slice(0, 4)}-${da.slice(4, 6)}-${da.slice(6, 8)}`;
}
