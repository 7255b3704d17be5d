import dcmjs from 'dcmjs';
import { DimseMessageError } from './DimseMessageError.js';

/** How a data set is laid out on the wire (PS3.5 7.1 and 7.3). */
export interface DatasetLayout {
  explicitVr: boolean;
  littleEndian: boolean;
}

/**
 * The skeleton of a data set: which of its elements have zero length, and the
 * skeletons of the items of its sequences. dcmjs reads a zero-length US as 0 and
 * a zero-length IS as null; this tells its output apart from real values.
 */
export interface DatasetShape {
  emptyTags: Set<string>;
  sequences: Map<string, DatasetShape[]>;
}

/** Nesting of sequences deeper than this is refused rather than recursed into. */
export const MAX_SEQUENCE_DEPTH = 32;

/** VRs with a 2-byte length in explicit VR encodings (PS3.5 Table 7.1-2); all others take 4. */
const SHORT_LENGTH_VRS = new Set(['AE', 'AS', 'AT', 'CS', 'DA', 'DS', 'DT', 'FD', 'FL', 'IS', 'LO', 'LT', 'PN', 'SH', 'SL', 'SS', 'ST', 'TM', 'UI', 'UL', 'US']);
const ITEM = 0xfffee000;
const ITEM_DELIMITATION = 0xfffee00d;
const SEQUENCE_DELIMITATION = 0xfffee0dd;
const UNDEFINED_LENGTH = 0xffffffff;
/** Content of UN with undefined length is Implicit VR Little Endian (PS3.5 6.2.2). */
const IMPLICIT_LE: DatasetLayout = { explicitVr: false, littleEndian: true };

/**
 * Walks the element structure of a data set before dcmjs reads it, and refuses
 * what dcmjs would read wrongly or silently truncate: an element or item running
 * past its container, a VR that is not two capital letters, an undefined length
 * where PS3.5 7.5 allows none, a missing delimiter, a stray item tag, nesting
 * beyond MAX_SEQUENCE_DEPTH. Throws DimseMessageError.
 */
export function scanDataset(bytes: Uint8Array, layout: DatasetLayout): DatasetShape {
  const scanner = new Scanner(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return scanner.elements(0, bytes.byteLength, layout, 0, false).shape;
}

class Scanner {
  constructor(private readonly view: DataView) {}

  /** Elements from `start` to `end`, or up to an item delimiter when `delimited`. */
  elements(start: number, end: number, layout: DatasetLayout, depth: number, delimited: boolean): { shape: DatasetShape; next: number } {
    if (depth > MAX_SEQUENCE_DEPTH) throw new DimseMessageError(`Sequences nest deeper than ${MAX_SEQUENCE_DEPTH} levels`);
    const shape: DatasetShape = { emptyTags: new Set(), sequences: new Map() };
    let p = start;
    while (p < end) {
      const tag = this.tagAt(p, end, layout);
      if (tag === ITEM_DELIMITATION && delimited) return { shape, next: p + 8 };
      if (tag >>> 16 === 0xfffe) throw new DimseMessageError(`Unexpected ${formatTag(tag)} at byte ${p}`);
      const { vr, length, headerBytes } = this.header(p, end, tag, layout);
      const key = hex8(tag);
      p += headerBytes;
      if (length === 0) shape.emptyTags.add(key);
      if (length === UNDEFINED_LENGTH) {
        if (vr === 'SQ' || vr === 'UN') {
          const items = this.undefinedLengthItems(p, end, vr === 'UN' ? IMPLICIT_LE : layout, depth + 1);
          shape.sequences.set(key, items.shapes);
          p = items.next;
        } else if (vr === 'OB' || vr === 'OW' || vr === 'ox') {
          p = this.fragments(p, end, layout);
        } else {
          throw new DimseMessageError(`Element ${formatTag(tag)} with VR ${vr} has undefined length (PS3.5 7.5)`);
        }
        continue;
      }
      if (length > end - p) throw new DimseMessageError(`Element ${formatTag(tag)} of ${length} bytes runs past the end of its ${delimited || depth > 0 ? 'item' : 'data set'}`);
      if (vr === 'SQ') shape.sequences.set(key, this.definedLengthItems(p, p + length, layout, depth + 1));
      p += length;
    }
    if (delimited) throw new DimseMessageError('Item of undefined length ends without an item delimiter (PS3.5 7.5.2)');
    return { shape, next: p };
  }

  private header(p: number, end: number, tag: number, layout: DatasetLayout): { vr: string; length: number; headerBytes: number } {
    if (!layout.explicitVr) {
      const length = this.view.getUint32(p + 4, true);
      return { vr: implicitVr(tag, length), length, headerBytes: 8 };
    }
    const vr = String.fromCharCode(this.view.getUint8(p + 4), this.view.getUint8(p + 5));
    if (!/^[A-Z]{2}$/.test(vr)) throw new DimseMessageError(`Element ${formatTag(tag)} has no valid VR (bytes ${hexBytes(this.view, p + 4, 2)})`);
    if (SHORT_LENGTH_VRS.has(vr)) return { vr, length: this.view.getUint16(p + 6, layout.littleEndian), headerBytes: 8 };
    if (end - p < 12) throw new DimseMessageError(`Data ends inside the header of ${formatTag(tag)}`);
    return { vr, length: this.view.getUint32(p + 8, layout.littleEndian), headerBytes: 12 };
  }

  private undefinedLengthItems(start: number, end: number, layout: DatasetLayout, depth: number): { shapes: DatasetShape[]; next: number } {
    const shapes: DatasetShape[] = [];
    let p = start;
    for (;;) {
      const tag = this.tagAt(p, end, layout);
      const length = this.view.getUint32(p + 4, layout.littleEndian);
      p += 8;
      if (tag === SEQUENCE_DELIMITATION) return { shapes, next: p };
      const item = this.item(tag, length, p, end, layout, depth);
      shapes.push(item.shape);
      p = item.next;
    }
  }

  private definedLengthItems(start: number, end: number, layout: DatasetLayout, depth: number): DatasetShape[] {
    const shapes: DatasetShape[] = [];
    let p = start;
    while (p < end) {
      const tag = this.tagAt(p, end, layout);
      const length = this.view.getUint32(p + 4, layout.littleEndian);
      const item = this.item(tag, length, p + 8, end, layout, depth);
      shapes.push(item.shape);
      p = item.next;
    }
    return shapes;
  }

  private item(tag: number, length: number, start: number, end: number, layout: DatasetLayout, depth: number): { shape: DatasetShape; next: number } {
    if (tag !== ITEM) throw new DimseMessageError(`Expected an item (FFFE,E000) in a sequence, found ${formatTag(tag)}`);
    if (length === UNDEFINED_LENGTH) return this.elements(start, end, layout, depth, true);
    if (length > end - start) throw new DimseMessageError(`Item of ${length} bytes runs past the end of its sequence`);
    return { shape: this.elements(start, start + length, layout, depth, false).shape, next: start + length };
  }

  /** Encapsulated pixel data: items of defined length up to a sequence delimiter (PS3.5 A.4). */
  private fragments(start: number, end: number, layout: DatasetLayout): number {
    let p = start;
    for (;;) {
      const tag = this.tagAt(p, end, layout);
      const length = this.view.getUint32(p + 4, layout.littleEndian);
      p += 8;
      if (tag === SEQUENCE_DELIMITATION) return p;
      if (tag !== ITEM || length === UNDEFINED_LENGTH || length > end - p) {
        throw new DimseMessageError(`Malformed pixel data fragment ${formatTag(tag)} at byte ${p - 8}`);
      }
      p += length;
    }
  }

  /** The tag at `p`, after checking that an 8-byte header fits before `end`. */
  private tagAt(p: number, end: number, layout: DatasetLayout): number {
    if (end - p < 8) throw new DimseMessageError(`Data ends inside an element header at byte ${p} (truncated, or a delimiter is missing)`);
    return ((this.view.getUint16(p, layout.littleEndian) << 16) | this.view.getUint16(p + 2, layout.littleEndian)) >>> 0;
  }
}

/** The VR dcmjs will assume for an element in Implicit VR: its dictionary's, else SQ for undefined length. */
function implicitVr(tag: number, length: number): string {
  const key = `(${hex8(tag).slice(0, 4)},${hex8(tag).slice(4)})`;
  const vr = dcmjs.data.DicomMetaDictionary.dictionary[key]?.vr;
  if (vr) return vr;
  return length === UNDEFINED_LENGTH ? 'SQ' : 'UN';
}

const hex8 = (tag: number) => tag.toString(16).toUpperCase().padStart(8, '0');
const formatTag = (tag: number) => `(${hex8(tag).slice(0, 4)},${hex8(tag).slice(4)})`;

function hexBytes(view: DataView, p: number, n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(view.getUint8(p + i).toString(16).padStart(2, '0'));
  return out.join(' ');
}
