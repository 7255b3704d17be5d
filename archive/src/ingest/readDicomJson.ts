import type { DicomJsonDict, DicomJsonElement } from 'dcmjs';

/**
 * Typed reads from a DICOM JSON data set (PS3.18 F.2). Values of missing or
 * empty attributes read as '' or undefined, never throw.
 */
export function readString(dict: DicomJsonDict, tag: string): string {
  const value = dict[tag]?.Value?.[0];
  return valueToString(value);
}

/** All values of a multi-valued attribute as strings. */
export function readStrings(dict: DicomJsonDict, tag: string): string[] {
  return (dict[tag]?.Value ?? []).map(valueToString).filter((v) => v !== '');
}

export function readInteger(dict: DicomJsonDict, tag: string): number | undefined {
  const value = dict[tag]?.Value?.[0];
  const n = typeof value === 'number' ? value : Number.parseInt(valueToString(value), 10);
  return Number.isFinite(n) ? Math.trunc(n) : undefined;
}

/** Items of a sequence attribute. */
export function readItems(dict: DicomJsonDict, tag: string): DicomJsonDict[] {
  const values = dict[tag]?.Value ?? [];
  return values.filter((v): v is DicomJsonDict => typeof v === 'object' && v !== null);
}

function valueToString(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return String(value);
  if (typeof value === 'object' && 'Alphabetic' in value) {
    return String((value as { Alphabetic?: unknown }).Alphabetic ?? '').trim();
  }
  return '';
}

export type { DicomJsonDict, DicomJsonElement };
