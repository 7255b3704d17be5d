import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { BlobWriter, StoredBlob } from './BlobStore.js';

/** Where a blob of a given digest lives: its key and its file. */
export type BlobPlacement = (sha256: string) => { key: string; finalPath: string };

/**
 * One blob of FsBlobStore written as it arrives: each piece goes straight to
 * a temp file and into an incremental SHA-256, so memory holds no more than
 * the piece. `commit` fsyncs the temp file, renames it to the content-addressed
 * name and fsyncs that folder: a crash leaves the whole file or no visible file.
 *
 * Writes are synchronous (page-cache copies, well under a millisecond for a
 * PDU), the two fsyncs go to the thread pool: they are the wait of a durable
 * write, and the event loop serves other associations meanwhile, whose fsyncs
 * the file system then commits together (ext4's journal does, for one).
 */
export class FsBlobWriter implements BlobWriter {
  private fd: number | undefined;
  private readonly hash = createHash('sha256');
  private error: Error | undefined;
  private spent = false;
  private bytes = 0;
  private named: { key: string; sha256: string; finalPath: string } | undefined;

  constructor(
    private readonly tmpPath: string,
    private readonly place: BlobPlacement,
    /** Renames in flight by final path: a writer of the same content waits for the first one's durability. */
    private readonly placing: Map<string, Promise<void>>,
  ) {}

  get sizeBytes(): number {
    return this.bytes;
  }

  write(bytes: Uint8Array): void {
    if (this.spent || this.named || this.error) return;
    try {
      this.fd ??= openSync(this.tmpPath, 'wx');
      for (let offset = 0; offset < bytes.byteLength; ) offset += writeSync(this.fd, bytes, offset, bytes.byteLength - offset);
      this.hash.update(bytes);
      this.bytes += bytes.byteLength;
    } catch (error) {
      this.error = error instanceof Error ? error : new Error(String(error));
    }
  }

  async commit(): Promise<StoredBlob> {
    if (this.spent) throw new Error('blob writer already committed or discarded');
    if (this.error) {
      const error = this.error;
      this.discard();
      throw error;
    }
    const { key, sha256 } = this.digest();
    const finalPath = this.named!.finalPath;
    this.spent = true;
    const stored = (written: boolean): StoredBlob => ({ key, sha256, sizeBytes: this.bytes, written });
    try {
      this.fd ??= openSync(this.tmpPath, 'wx');
      // Writers of identical content queue up: each is acknowledged only once the one before it is durable.
      const previous = this.placing.get(finalPath);
      const placed = this.placeAfter(previous, finalPath);
      const settled = placed.then(
        () => undefined,
        () => undefined,
      );
      this.placing.set(finalPath, settled);
      try {
        return stored(await placed);
      } finally {
        if (this.placing.get(finalPath) === settled) this.placing.delete(finalPath);
      }
    } catch (error) {
      this.removeTemp();
      throw error;
    }
  }

  digest(): Omit<StoredBlob, 'written'> {
    if (!this.named) {
      const sha256 = this.hash.digest('hex');
      this.named = { sha256, ...this.place(sha256) };
    }
    return { key: this.named.key, sha256: this.named.sha256, sizeBytes: this.bytes };
  }

  discard(): void {
    this.spent = true;
    this.removeTemp();
  }

  /** True when this content was placed, false when it already was. */
  private async placeAfter(previous: Promise<void> | undefined, finalPath: string): Promise<boolean> {
    await previous;
    if (existsSync(finalPath)) {
      this.removeTemp();
      return false;
    }
    await this.placeDurably(finalPath);
    return true;
  }

  private async placeDurably(finalPath: string): Promise<void> {
    const fd = this.fd as number;
    await fsyncAsync(fd);
    this.closeFd();
    renameSync(this.tmpPath, finalPath);
    const dir = openSync(path.dirname(finalPath), 'r');
    try {
      await fsyncAsync(dir);
    } finally {
      closeSync(dir);
    }
  }

  private closeFd(): void {
    if (this.fd === undefined) return;
    const fd = this.fd;
    this.fd = undefined;
    closeSync(fd);
  }

  private removeTemp(): void {
    try {
      this.closeFd();
    } finally {
      rmSync(this.tmpPath, { force: true });
    }
  }
}

/** fsync through the callback API: one thread-pool hop, less than FileHandle's promise machinery. */
function fsyncAsync(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fsync(fd, (error) => (error ? reject(error) : resolve())));
}
