import type { Readable } from 'node:stream';

/** Where a blob landed: its content-addressed key, digest and size. */
export interface StoredBlob {
  key: string;
  sha256: string;
  sizeBytes: number;
  /** False when identical content was already stored under this key. */
  written: boolean;
}

/**
 * Durable storage of Part 10 files. `put` resolves only once the bytes are on
 * disk (written, fsynced and renamed into place), so callers may acknowledge.
 */
export interface BlobStore {
  put(bytes: Uint8Array): Promise<StoredBlob>;
  read(key: string): Promise<Buffer>;
  readRange(key: string, offset: number, length: number): Promise<Buffer>;
  createReadStream(key: string): Readable;
  exists(key: string): Promise<boolean>;
}
