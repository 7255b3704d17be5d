import { describe, expect, it } from 'vitest';
import type { BlobWriter, StoredBlob } from '../store/BlobStore.js';
import { daikonSample } from '../testing/daikonSamples.js';
import { makeInstance, newUid } from '../testing/makeInstance.js';
import { parseInstance } from './parseInstance.js';
import { StreamedInstance } from './StreamedInstance.js';

/** A writer that keeps what it was given, to compare with what was sent. */
class MemoryWriter implements BlobWriter {
  readonly pieces: Buffer[] = [];
  discarded = false;
  get sizeBytes(): number {
    return this.pieces.reduce((sum, p) => sum + p.length, 0);
  }
  write(bytes: Uint8Array): void {
    this.pieces.push(Buffer.from(bytes));
  }
  digest(): Omit<StoredBlob, 'written'> {
    return { key: 'k', sha256: 's', sizeBytes: this.sizeBytes };
  }
  commit(): Promise<StoredBlob> {
    return Promise.reject(new Error('not used here'));
  }
  discard(): void {
    this.discarded = true;
  }
}

function sendInPieces(file: Buffer, pieceBytes: number, streamed: StreamedInstance, upTo = file.length): number {
  let mostInMemory = 0;
  for (let offset = 0; offset < upTo; offset += pieceBytes) {
    streamed.write(file.subarray(offset, Math.min(offset + pieceBytes, upTo)));
    mostInMemory = Math.max(mostInMemory, streamed.bytesInMemory);
  }
  return mostInMemory;
}

describe('StreamedInstance', () => {
  it('parses a large instance from its first bytes and keeps no more of it in memory', () => {
    const sopInstanceUID = newUid();
    const file = makeInstance({ sopInstanceUID, rows: 1024, columns: 1024, instanceNumber: 7 });
    const writer = new MemoryWriter();
    const streamed = new StreamedInstance(writer);
    const mostInMemory = sendInPieces(file, 16 * 1024, streamed);
    streamed.end();

    expect(Buffer.concat(writer.pieces).equals(file)).toBe(true);
    expect(mostInMemory).toBeLessThan(128 * 1024);
    expect(streamed.bytesInMemory).toBe(0);
    const { result } = streamed;
    if (!('parsed' in result)) throw result.error;
    expect(result.parsed.sopInstanceUID).toBe(sopInstanceUID);
    expect(result.parsed.instance).toMatchObject({ rows: 1024, columns: 1024, instanceNumber: 7 });
    expect(result.parsed.pixelData).toEqual({ offset: file.length - 1024 * 1024 * 2, length: 1024 * 1024 * 2 });
  });

  const files: [string, () => Buffer][] = [
    ['a 512x512 CT with a sequence', () => makeInstance({ rows: 512, columns: 512, extra: { RequestAttributesSequence: [{ RequestedProcedureID: 'RP1', ScheduledProcedureStepID: 'SPS1' }] } })],
    ...['explicit_little.dcm', 'implicit_little.dcm', 'explicit_big.dcm', 'jpeg_2000.dcm', 'rle.dcm', 'deflated.dcm'].map(
      (name): [string, () => Buffer] => [name, () => daikonSample(name)],
    ),
  ];

  it.each(files)('reads %s as parseInstance reads the whole file, in C-STORE-sized pieces', (_name, load) => {
    const file = load();
    const expected = parseInstance(file);
    for (const pieceBytes of [256 * 1024, 16 * 1024, 1000]) {
      const streamed = new StreamedInstance(new MemoryWriter());
      // As C-STORE sends it: the file meta header the receiver made, then the data set in PDV-sized pieces.
      const metaEnd = 132 + 12 + file.readUInt32LE(140);
      streamed.write(file.subarray(0, metaEnd));
      for (let offset = metaEnd; offset < file.length; offset += pieceBytes) streamed.write(file.subarray(offset, Math.min(offset + pieceBytes, file.length)));
      streamed.end();
      const { result } = streamed;
      if (!('parsed' in result)) throw result.error;
      expect(result.parsed).toEqual(expected);
    }
  });

  it('parses a small instance whole at its end', () => {
    const file = makeInstance({ rows: 16, columns: 16 });
    const streamed = new StreamedInstance(new MemoryWriter());
    sendInPieces(file, 100, streamed);
    streamed.end();
    expect('parsed' in streamed.result).toBe(true);
  });

  it.each([
    ['a large one, from its header', 512],
    ['a small one, whole', 16],
  ])('refuses a truncated instance: %s', (_name, size) => {
    const file = makeInstance({ rows: size, columns: size });
    const streamed = new StreamedInstance(new MemoryWriter());
    sendInPieces(file, 16 * 1024, streamed, file.length - 10);
    streamed.end();
    const { result } = streamed;
    expect('error' in result && result.error.code).toBe('InvalidDicom');
  });

  it('discards what was written when the transfer is aborted', () => {
    const writer = new MemoryWriter();
    const streamed = new StreamedInstance(writer);
    streamed.write(makeInstance().subarray(0, 100));
    streamed.abort();
    expect(writer.discarded).toBe(true);
    expect(streamed.bytesInMemory).toBe(0);
  });
});
