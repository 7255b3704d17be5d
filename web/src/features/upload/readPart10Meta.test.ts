import { describe, expect, it } from 'vitest';
import { part10Header } from './part10TestFile';
import { isPart10, readPart10Meta } from './readPart10Meta';

describe('readPart10Meta', () => {
  it('reads the UIDs of the File Meta group, across OB elements, padding stripped', () => {
    const bytes = part10Header([
      [0x0001, 'OB', '\0\x01'],
      [0x0002, 'UI', '1.2.840.10008.5.1.4.1.1.2'],
      [0x0003, 'UI', '1.2.3.4'],
      [0x0010, 'UI', '1.2.840.10008.1.2.1'],
    ]);
    expect(readPart10Meta(bytes)).toEqual({
      sopClassUID: '1.2.840.10008.5.1.4.1.1.2',
      sopInstanceUID: '1.2.3.4',
      transferSyntaxUID: '1.2.840.10008.1.2.1',
    });
  });

  it('refuses bytes without DICM at offset 128', () => {
    expect(readPart10Meta(new TextEncoder().encode('not dicom at all'.repeat(20)))).toBeUndefined();
    expect(isPart10(new Uint8Array(100))).toBe(false);
  });

  it('stops at a truncated element instead of reading past the end', () => {
    const bytes = part10Header([[0x0003, 'UI', '1.2.3.4']]);
    expect(readPart10Meta(bytes.subarray(0, 132 + 10))).toEqual({ sopClassUID: undefined, sopInstanceUID: undefined, transferSyntaxUID: undefined });
  });
});
