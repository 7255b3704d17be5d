import dcmjs from 'dcmjs';

/**
 * The full DICOM data dictionary (PS3.6) from dcmjs, for resolving keywords in
 * `includefield` and for naming known-but-unsupported keys in error messages.
 */
const nameMap = dcmjs.data.DicomMetaDictionary.nameMap;

/** A keyword or 8-hex tag → upper-case 8-hex tag, or undefined if neither. */
export function resolveTag(keywordOrTag: string): string | undefined {
  if (/^[0-9a-fA-F]{8}$/.test(keywordOrTag)) return keywordOrTag.toUpperCase();
  // Own keys only: a query key such as `constructor` or `__proto__` must not reach Object.prototype.
  const entry = Object.hasOwn(nameMap, keywordOrTag) ? nameMap[keywordOrTag] : undefined;
  if (!entry) return undefined;
  const tag = entry.tag.replace(/[(),]/g, '').toUpperCase();
  return /^[0-9A-F]{8}$/.test(tag) ? tag : undefined;
}
