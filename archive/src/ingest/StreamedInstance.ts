import { AppError } from '@consilium/shared';
import type { BlobWriter } from '../store/BlobStore.js';
import { type ParsedInstance, parseInstance, parseInstanceHeader } from './parseInstance.js';

/**
 * The header is first looked for once this much has arrived, then at each
 * doubling: a 512x512 CT's first PDU holds its whole header, so it is parsed
 * once and nothing more is kept; an instance smaller than this is parsed whole
 * at its end, with exactly the checks of a buffered one.
 */
const FIRST_HEADER_ATTEMPT_BYTES = 64 * 1024;

/** How the instance's header read: parsed, or refused with the reason. */
export type HeaderVerdict = { parsed: ParsedInstance } | { error: AppError };

/**
 * One Part 10 instance received piece by piece (a C-STORE data set as its PDVs
 * arrive, after the file meta header the receiver made): every piece goes to
 * the blob store's temp file at once; only the first bytes are kept, until the
 * header up to the Pixel Data element has been parsed from them. So a large
 * instance is never held whole in memory. `ingestStreamedInstance` then
 * refuses it (the temp file is deleted) or commits and indexes it.
 */
export class StreamedInstance {
  private retained: Buffer[] = [];
  private retainedBytes = 0;
  private nextAttemptBytes = FIRST_HEADER_ATTEMPT_BYTES;
  private header: { parsed: ParsedInstance; pixelDataEnd: number | undefined } | undefined;
  private verdict: HeaderVerdict | undefined;
  private ended = false;

  constructor(readonly writer: BlobWriter) {}

  /** Appends the next bytes of the file. */
  write(piece: Buffer): void {
    if (this.ended) throw new Error('write after the instance ended');
    this.writer.write(piece);
    if (this.header || this.verdict) return;
    this.retained.push(piece);
    this.retainedBytes += piece.length;
    if (this.retainedBytes >= this.nextAttemptBytes) this.tryHeader();
  }

  /** The last bytes arrived: the header is decided now (parsed whole, when it was not found earlier). */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    if (!this.verdict) this.verdict = this.decide();
    this.retained = [];
  }

  /** Header verdict, once ended. */
  get result(): HeaderVerdict {
    if (!this.verdict) throw new Error('the instance has not ended');
    return this.verdict;
  }

  /** Bytes of the file kept in memory now (the header search), for tests and logs. */
  get bytesInMemory(): number {
    return this.retainedBytes;
  }

  /** The transfer did not complete: the temp file goes, nothing is ingested. */
  abort(): void {
    this.ended = true;
    this.retained = [];
    this.retainedBytes = 0;
    this.writer.discard();
  }

  /**
   * Looks for the header in the first `nextAttemptBytes` of what arrived,
   * doubling that while more has arrived: a 512x512 CT's first PDU (256 KB)
   * holds its header in its first few KB, so only 64 KB of it are copied.
   */
  private tryHeader(): void {
    for (;;) {
      const limit = this.nextAttemptBytes;
      this.nextAttemptBytes *= 2;
      try {
        this.header = parseInstanceHeader(this.prefix(limit));
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        this.verdict = { error };
      }
      if (this.header || this.verdict || limit >= this.retainedBytes) break;
    }
    if (this.header || this.verdict) {
      this.retained = [];
      this.retainedBytes = 0;
    }
  }

  /** The first `limit` bytes retained (all of them when fewer), in one buffer. */
  private prefix(limit: number): Buffer {
    const first = this.retained[0];
    if (first && (this.retained.length === 1 || first.length >= limit)) return first.subarray(0, limit);
    return Buffer.concat(this.retained, Math.min(limit, this.retainedBytes));
  }

  private decide(): HeaderVerdict {
    if (this.header) {
      const { pixelDataEnd } = this.header;
      if (pixelDataEnd !== undefined && pixelDataEnd > this.writer.sizeBytes) {
        return { error: new AppError('InvalidDicom', 'Malformed DICOM data set: the Pixel Data value runs past the end of the data (truncated?)') };
      }
      return { parsed: this.header.parsed };
    }
    try {
      return { parsed: parseInstance(this.joined()) };
    } catch (error) {
      if (error instanceof AppError) return { error };
      throw error;
    }
  }

  private joined(): Buffer {
    if (this.retained.length > 1) this.retained = [Buffer.concat(this.retained)];
    return this.retained[0] ?? Buffer.alloc(0);
  }
}
