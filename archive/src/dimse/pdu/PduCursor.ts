import { AbortReason, PduError } from './PduError.js';

/** One item or sub-item of an A-ASSOCIATE variable field: type, then its value. */
export interface PduItem {
  type: number;
  /** Offset of the item header in the PDU body, for error messages. */
  offset: number;
  value: PduCursor;
}

const TRIM = /^[ \0]+|[ \0]+$/g;

/**
 * Bounds-checked big-endian reads over a slice of a PDU body. Every overrun is the
 * peer's fault (a length field that lies), so it throws `PduError` with
 * invalid-PDU-parameter-value rather than letting Buffer throw a RangeError.
 */
export class PduCursor {
  private pos: number;

  constructor(
    readonly buffer: Buffer,
    start = 0,
    readonly end = buffer.length,
  ) {
    this.pos = start;
  }

  get offset(): number {
    return this.pos;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  u8(what: string): number {
    this.need(1, what);
    return this.buffer[this.pos++] as number;
  }

  u16(what: string): number {
    this.need(2, what);
    const value = this.buffer.readUInt16BE(this.pos);
    this.pos += 2;
    return value;
  }

  u32(what: string): number {
    this.need(4, what);
    const value = this.buffer.readUInt32BE(this.pos);
    this.pos += 4;
    return value;
  }

  skip(length: number, what: string): void {
    this.need(length, what);
    this.pos += length;
  }

  /** A copy, so long-lived association state never pins a socket chunk. */
  bytes(length: number, what: string): Buffer {
    this.need(length, what);
    const copy = Buffer.from(this.buffer.subarray(this.pos, this.pos + length));
    this.pos += length;
    return copy;
  }

  /**
   * An ASCII text field (UID, AE title, version name) without its padding: leading
   * and trailing spaces are not significant in PS3.8, and some peers pad UIDs with
   * a NUL to even length as in PS3.5.
   */
  text(length: number, what: string): string {
    this.need(length, what);
    const value = this.buffer.toString('latin1', this.pos, this.pos + length);
    this.pos += length;
    return value.replace(TRIM, '');
  }

  /** The rest of this cursor as text. */
  restText(what: string): string {
    return this.text(this.remaining, what);
  }

  /** Reads an item header (type, reserved, 2-byte length) and returns its value as a cursor. */
  item(what: string): PduItem {
    const offset = this.pos;
    const type = this.u8(what);
    this.skip(1, what);
    const length = this.u16(what);
    this.need(length, `${what} 0x${type.toString(16)} (length ${length})`);
    const value = new PduCursor(this.buffer, this.pos, this.pos + length);
    this.pos += length;
    return { type, offset, value };
  }

  private need(length: number, what: string): void {
    if (length > this.end - this.pos) {
      throw new PduError(`${what} at offset ${this.pos} runs past the end of its container`, AbortReason.InvalidPduParameterValue);
    }
  }
}
