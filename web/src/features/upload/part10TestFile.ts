/**
 * Builds the start of a Part 10 file (preamble, "DICM", File Meta group in
 * Explicit VR Little Endian, PS3.10 7.1) for the upload tests.
 */
export function part10Header(elements: [element: number, vr: string, value: string][]): Uint8Array {
  const bytes: number[] = Array.from({ length: 128 }, () => 0);
  bytes.push(...'DICM'.split('').map((c) => c.charCodeAt(0)));
  const u16 = (n: number) => [n & 0xff, n >> 8];
  for (const [element, vr, text] of elements) {
    const value = text.length % 2 === 0 ? text : `${text}\0`;
    const long = vr === 'OB';
    bytes.push(...u16(0x0002), ...u16(element), vr.charCodeAt(0), vr.charCodeAt(1));
    bytes.push(...(long ? [0, 0, ...u16(value.length), 0, 0] : u16(value.length)));
    bytes.push(...value.split('').map((c) => c.charCodeAt(0)));
  }
  // The data set starts with group 0008, where reading stops.
  bytes.push(...u16(0x0008), ...u16(0x0005), 0x43, 0x53, 0, 0);
  return new Uint8Array(bytes);
}
