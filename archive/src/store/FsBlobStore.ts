import { randomBytes } from 'node:crypto';
import { closeSync, createReadStream, open as openCallback, openSync, readSync, rmSync } from 'node:fs';
import { mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { BlobStore, BlobWriter, StoredBlob } from './BlobStore.js';
import { type BlobPlacement, FsBlobWriter } from './FsBlobWriter.js';

/**
 * Filesystem blob store under `<dataDir>/blobs`, content-addressed by SHA-256
 * (`blobs/ab/<sha256>.dcm`; the 256 fan-out folders are made once at open, so a
 * write costs two fsyncs: the file and its folder). A write goes to `tmp/`
 * (streamed there by FsBlobWriter), is fsynced, renamed into place and the
 * directory fsynced: a crash leaves either the whole file or no visible file,
 * never a half-written one. Identical content is stored once.
 */
export class FsBlobStore implements BlobStore {
  private readonly blobDir: string;
  private readonly tmpDir: string;
  private readonly placing = new Map<string, Promise<void>>();
  /** The fan-out folders, opened once: a blob's rename is made durable by fsyncing its folder. */
  private readonly folderFds = new Map<string, number>();
  private readonly placement: BlobPlacement = (sha256) => {
    const key = FsBlobStore.keyFor(sha256);
    const finalPath = this.pathOf(key);
    const folder = path.dirname(finalPath);
    let folderFd = this.folderFds.get(folder);
    if (folderFd === undefined) {
      folderFd = openSync(folder, 'r');
      this.folderFds.set(folder, folderFd);
    }
    return { key, finalPath, folderFd };
  };
  /** An empty temp file opened ahead in the thread pool, for the next writer. */
  private spare: { path: string; fd: number } | undefined;
  private spareOpening = false;
  private closed = false;
  /**
   * Temp names are this store's random prefix and a counter: unique within the
   * temp folder (which open() empties, so no other store writes there), at no
   * cost per file. A fresh randomBytes() each took ~0.1 ms of the event loop in
   * a CPU profile of C-STORE, a few percent of one instance's time.
   */
  private readonly tempPrefix = randomBytes(6).toString('hex');
  private tempCount = 0;

  private constructor(root: string) {
    this.blobDir = path.join(root, 'blobs');
    this.tmpDir = path.join(root, 'tmp');
  }

  /** Opens the store and removes temp files a crash may have left behind. */
  static async open(root: string): Promise<FsBlobStore> {
    const store = new FsBlobStore(root);
    await mkdir(store.blobDir, { recursive: true });
    for (let i = 0; i < 256; i++) await mkdir(path.join(store.blobDir, i.toString(16).padStart(2, '0')), { recursive: true });
    await fsyncDir(store.blobDir);
    await rm(store.tmpDir, { recursive: true, force: true });
    await mkdir(store.tmpDir, { recursive: true });
    return store;
  }

  static keyFor(sha256: string): string {
    return `${sha256.slice(0, 2)}/${sha256}.dcm`;
  }

  put(bytes: Uint8Array): Promise<StoredBlob> {
    const writer = this.createWriter();
    writer.write(bytes);
    return writer.commit();
  }

  createWriter(): BlobWriter {
    const spare = this.spare;
    this.spare = undefined;
    this.openSpare();
    return new FsBlobWriter(spare?.path ?? this.newTempPath(), this.placement, this.placing, spare?.fd);
  }

  /** Closes the descriptors the store keeps open (folders, the spare temp file, which is removed). */
  close(): void {
    this.closed = true;
    for (const fd of this.folderFds.values()) closeSync(fd);
    this.folderFds.clear();
    if (this.spare) {
      closeSync(this.spare.fd);
      rmSync(this.spare.path, { force: true });
      this.spare = undefined;
    }
  }

  private openSpare(): void {
    if (this.spareOpening || this.closed) return;
    this.spareOpening = true;
    const tempPath = this.newTempPath();
    openCallback(tempPath, 'wx', (error, fd) => {
      this.spareOpening = false;
      // Without a spare the next writer opens its own file: nothing is lost but the wait.
      if (error) return;
      if (this.closed) {
        closeSync(fd);
        rmSync(tempPath, { force: true });
      } else this.spare = { path: tempPath, fd };
    });
  }

  private newTempPath(): string {
    this.tempCount += 1;
    return path.join(this.tmpDir, `${this.tempPrefix}-${this.tempCount}.part`);
  }

  read(key: string): Promise<Buffer> {
    return readFile(this.pathOf(key));
  }

  /**
   * Reads a byte range. Ranges up to SYNC_READ_MAX_BYTES are read synchronously:
   * a frame (a few hundred KB, usually in the page cache) reads in well under a
   * millisecond, less than the three thread-pool hops of open/read/close, and
   * this is the hot path of viewers fetching frames. Larger ranges go async.
   */
  async readRange(key: string, offset: number, length: number): Promise<Buffer> {
    if (length <= SYNC_READ_MAX_BYTES) return readRangeSync(this.pathOf(key), offset, length);
    const handle = await open(this.pathOf(key), 'r');
    try {
      const buffer = Buffer.allocUnsafe(length);
      const { bytesRead } = await handle.read(buffer, 0, length, offset);
      if (bytesRead !== length) throw new Error(`Blob ${key} shorter than expected`);
      return buffer;
    } finally {
      await handle.close();
    }
  }

  createReadStream(key: string): Readable {
    return createReadStream(this.pathOf(key));
  }

  async exists(key: string): Promise<boolean> {
    try {
      await stat(this.pathOf(key));
      return true;
    } catch {
      return false;
    }
  }

  private pathOf(key: string): string {
    if (!/^[0-9a-f]{2}\/[0-9a-f]{64}\.dcm$/.test(key)) throw new Error('Invalid blob key');
    return path.join(this.blobDir, key);
  }
}

const SYNC_READ_MAX_BYTES = 4 * 1024 * 1024;

function readRangeSync(file: string, offset: number, length: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(length);
    const bytesRead = readSync(fd, buffer, 0, length, offset);
    if (bytesRead !== length) throw new Error('Blob shorter than expected');
    return buffer;
  } finally {
    closeSync(fd);
  }
}

async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
