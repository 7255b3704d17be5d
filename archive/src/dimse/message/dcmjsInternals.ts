import dcmjs from 'dcmjs';

/**
 * The parts of dcmjs 0.52 below `readFile`/`DicomDict.write` that read and write a
 * bare data set in a given transfer syntax (dcmjs.es.js: `DicomMessage._read`,
 * `DicomMessage.write`, `ReadBufferStream`, `WriteBufferStream`, all exported on
 * `dcmjs.data`). The archive's typings (types/dcmjs.d.ts) cover only the public
 * surface, so this module types what it uses here. The tests of dataset.ts pin
 * the behaviour; re-check them when dcmjs is upgraded.
 */

/** An element as dcmjs reads it: DICOM JSON plus the unformatted value it keeps for lossless writing. */
export interface DcmjsElement {
  vr: string;
  Value?: unknown[];
  _rawValue?: unknown;
}
export type DcmjsDict = Record<string, DcmjsElement>;

export interface DcmjsReadStream {
  /** The TextDecoder text is read with (opaque here). */
  decoder: unknown;
  setDecoder(decoder: unknown): void;
  more(length: number): DcmjsReadStream;
}

export interface DcmjsWriteStream {
  getBuffer(): ArrayBuffer;
}

interface DcmjsDataInternals {
  ReadBufferStream: new (buffer: ArrayBuffer) => DcmjsReadStream;
  WriteBufferStream: new (defaultSize: number, littleEndian: boolean) => DcmjsWriteStream;
  DicomMessage: {
    _read(stream: DcmjsReadStream, syntax: string, options: { ignoreErrors: boolean; untilTag: null; includeUntilTagValue: boolean }): DcmjsDict;
    write(dict: DcmjsDict, stream: DcmjsWriteStream, syntax: string, writeOptions: { allowInvalidVRLength: boolean }): number;
  };
}

const internals = dcmjs.data as unknown as DcmjsDataInternals;

/**
 * dcmjs reads each sequence item from a fresh stream (`more()`), which starts
 * over with its default Latin-1 decoder: text inside sequences ignores
 * SpecificCharacterSet (dcmjs 0.52, `SequenceOfItems.readBytes`). Item streams of
 * this subclass inherit the decoder of the stream they were cut from, and an
 * item's own SpecificCharacterSet still applies to that item alone (PS3.5 6.1.2.5.3).
 */
class CharsetAwareReadStream extends internals.ReadBufferStream {
  override more(length: number): DcmjsReadStream {
    const item = super.more(length);
    Object.setPrototypeOf(item, CharsetAwareReadStream.prototype);
    item.setDecoder(this.decoder);
    return item;
  }
}

/** Reads a bare data set with dcmjs; `syntax` is one of the three dcmjs knows (implicit LE, explicit LE, explicit BE). */
export function dcmjsReadDataset(bytes: Uint8Array, syntax: string): DcmjsDict {
  const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const stream = new CharsetAwareReadStream(copy);
  return internals.DicomMessage._read(stream, syntax, { ignoreErrors: false, untilTag: null, includeUntilTagValue: false });
}

/**
 * Writes a bare data set with dcmjs. Values longer than their VR allows are
 * written as they are (`allowInvalidVRLength`): a response should carry what the
 * archive holds rather than fail as a whole.
 */
export function dcmjsWriteDataset(dict: DcmjsDict, syntax: string, littleEndian: boolean): Buffer {
  const stream = new internals.WriteBufferStream(4096, littleEndian);
  internals.DicomMessage.write(dict, stream, syntax, { allowInvalidVRLength: true });
  return Buffer.from(stream.getBuffer());
}
