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
 * A blob written piece by piece as its bytes arrive (a C-STORE data set, PDV by
 * PDV), so that a large instance is never held whole in memory. Its name is the
 * SHA-256 of the content, computed as it is written, so it is known only at the end.
 */
export interface BlobWriter {
  /** Appends bytes. Never throws: a write error is kept and reported by `commit`. */
  write(bytes: Uint8Array): void;
  /** Bytes written so far. */
  readonly sizeBytes: number;
  /**
   * Ends the content and names it (key, digest, size) before it is durable, so
   * that its index row can be prepared while `commit` fsyncs; no writes after.
   */
  digest(): Omit<StoredBlob, 'written'>;
  /** Makes the content durable under its key (fsync, rename, fsync the folder); then the writer is spent. */
  commit(): Promise<StoredBlob>;
  /** Drops what was written: nothing becomes visible. Safe to call at any time, and more than once. */
  discard(): void;
}

/**
 * Durable storage of Part 10 files. `put` and a writer's `commit` resolve only
 * once the bytes are on disk (written, fsynced and renamed into place), so
 * callers may acknowledge.
 */
export interface BlobStore {
  put(bytes: Uint8Array): Promise<StoredBlob>;
  /** A writer for content that arrives in pieces; `put` is one write and a commit. */
  createWriter(): BlobWriter;
  read(key: string): Promise<Buffer>;
  readRange(key: string, offset: number, length: number): Promise<Buffer>;
  createReadStream(key: string): Readable;
  exists(key: string): Promise<boolean>;
}
