/**
 * A growable big-endian writer for the variable-length A-ASSOCIATE PDUs: items are
 * written in one pass and their length fields patched when they close. Values out
 * of range are bugs in the caller and throw RangeError.
 */
export class ByteWriter {
  private buffer: Buffer;
  private pos = 0;

  constructor(initialBytes = 1024) {
    this.buffer = Buffer.allocUnsafe(initialBytes);
  }

  u8(value: number, what: string): void {
    checkRange(value, 0xff, what);
    this.ensure(1);
    this.buffer[this.pos++] = value;
  }

  u16(value: number, what: string): void {
    checkRange(value, 0xffff, what);
    this.ensure(2);
    this.pos = this.buffer.writeUInt16BE(value, this.pos);
  }

  u32(value: number, what: string): void {
    checkRange(value, 0xffffffff, what);
    this.ensure(4);
    this.pos = this.buffer.writeUInt32BE(value, this.pos);
  }

  zeros(length: number): void {
    this.ensure(length);
    this.buffer.fill(0, this.pos, this.pos + length);
    this.pos += length;
  }

  bytes(value: Uint8Array): void {
    this.ensure(value.length);
    this.buffer.set(value, this.pos);
    this.pos += value.length;
  }

  /** ASCII text (UIDs, AE titles, version names), optionally space padded to `padTo` bytes. */
  ascii(value: string, what: string, padTo = 0): void {
    for (let i = 0; i < value.length; i++) {
      if (value.charCodeAt(i) > 0x7f) throw new RangeError(`${what} ${JSON.stringify(value)} is not ASCII`);
    }
    if (padTo > 0 && value.length > padTo) throw new RangeError(`${what} ${JSON.stringify(value)} is longer than ${padTo} characters`);
    const length = Math.max(value.length, padTo);
    this.ensure(length);
    this.buffer.write(value, this.pos, 'latin1');
    this.buffer.fill(0x20, this.pos + value.length, this.pos + length);
    this.pos += length;
  }

  /** Writes an item header (type, reserved, 2-byte length), then the value `write` produces. */
  item(type: number, write: () => void): void {
    this.u8(type, 'item type');
    this.u8(0, 'reserved');
    this.lengthPrefixed(2, `item 0x${type.toString(16)}`, write);
  }

  /** Writes a `width`-byte big-endian length, then the value `write` produces, then patches the length. */
  lengthPrefixed(width: 2 | 4, what: string, write: () => void): void {
    this.ensure(width);
    const at = this.pos;
    this.pos += width;
    write();
    const length = this.pos - at - width;
    if (width === 2) {
      checkRange(length, 0xffff, `${what} length`);
      this.buffer.writeUInt16BE(length, at);
    } else {
      checkRange(length, 0xffffffff, `${what} length`);
      this.buffer.writeUInt32BE(length, at);
    }
  }

  /** The bytes written so far (a view, no copy). */
  finish(): Buffer {
    return this.buffer.subarray(0, this.pos);
  }

  private ensure(length: number): void {
    if (this.pos + length <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.pos + length));
    this.buffer.copy(grown, 0, 0, this.pos);
    this.buffer = grown;
  }
}

function checkRange(value: number, max: number, what: string): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${what} ${value} is outside 0..${max}`);
  }
}
