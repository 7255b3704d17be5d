import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsBlobStore } from './FsBlobStore.js';
import { EARLY_FLUSH_BYTES } from './FsBlobWriter.js';

/** Polls `check` until it holds; fails after a few seconds. */
async function until(check: () => Promise<boolean>): Promise<void> {
  const deadline = performance.now() + 5000;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('FsBlobStore writers', () => {
  let root: string;
  let store: FsBlobStore;
  /** Temp files holding data (the store keeps one empty file opened ahead for the next writer). */
  const tempFiles = async () => {
    const dir = path.join(root, 'tmp');
    const names = await readdir(dir);
    const sizes = await Promise.all(names.map((name) => stat(path.join(dir, name)).then((s) => s.size, () => 0)));
    return names.filter((_, i) => sizes[i]! > 0);
  };

  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'consilium-blobwriter-'));
    store = await FsBlobStore.open(root);
  });
  afterEach(async () => {
    store.close();
    await rm(root, { recursive: true, force: true });
  });

  it('writes pieces to a temp file and commits them under the SHA-256 of the whole', async () => {
    const content = Buffer.from(Array.from({ length: 300_000 }, (_, i) => i % 251));
    const writer = store.createWriter();
    for (let offset = 0; offset < content.length; offset += 65_536) writer.write(content.subarray(offset, offset + 65_536));
    expect(await tempFiles()).toHaveLength(1);
    const blob = await writer.commit();
    const sha256 = createHash('sha256').update(content).digest('hex');
    expect(blob).toEqual({ key: FsBlobStore.keyFor(sha256), sha256, sizeBytes: content.length, written: true });
    expect((await store.read(blob.key)).equals(content)).toBe(true);
    expect(await tempFiles()).toEqual([]);
  });

  it('stores identical content once, also when two writers commit it at the same time', async () => {
    const content = Buffer.from('the same bytes twice');
    const writers = [store.createWriter(), store.createWriter()];
    for (const w of writers) w.write(content);
    const blobs = await Promise.all(writers.map((w) => w.commit()));
    expect(blobs.map((b) => b.written).sort()).toEqual([false, true]);
    expect(blobs[0]?.key).toBe(blobs[1]?.key);
    expect(await store.put(content)).toMatchObject({ written: false });
    expect(await tempFiles()).toEqual([]);
  });

  it('gives writers a temp file opened ahead, and removes the spare one at close', async () => {
    store.createWriter().discard();
    const dir = path.join(root, 'tmp');
    await until(async () => (await readdir(dir)).length === 1);
    const writer = store.createWriter();
    writer.write(Buffer.from('into the spare'));
    expect(await tempFiles()).toHaveLength(1);
    expect((await writer.commit()).written).toBe(true);
    await until(async () => (await readdir(dir)).length === 1);
    store.close();
    expect(await readdir(dir)).toEqual([]);
  });

  it('removes the temp file at once when discarded during its early flush; later writers are unaffected', async () => {
    const writer = store.createWriter();
    writer.write(Buffer.alloc(EARLY_FLUSH_BYTES * 2, 7));
    writer.discard();
    expect(await tempFiles()).toEqual([]);
    const content = Buffer.alloc(EARLY_FLUSH_BYTES * 3, 9);
    const next = store.createWriter();
    next.write(content.subarray(0, EARLY_FLUSH_BYTES + 1));
    next.write(content.subarray(EARLY_FLUSH_BYTES + 1));
    const blob = await next.commit();
    expect((await store.read(blob.key)).equals(content)).toBe(true);
    expect(await tempFiles()).toEqual([]);
  });

  it('leaves nothing behind when discarded, and cannot commit afterwards', async () => {
    const writer = store.createWriter();
    writer.write(Buffer.from('partial'));
    writer.discard();
    writer.discard();
    expect(await tempFiles()).toEqual([]);
    await expect(writer.commit()).rejects.toThrow(/already/);
    expect((await readdir(path.join(root, 'blobs'), { recursive: true })).filter((f) => f.endsWith('.dcm'))).toEqual([]);
  });

  it('reports a write error at commit and removes the temp file', async () => {
    const writer = store.createWriter();
    writer.write(Buffer.from('first'));
    await rm(path.join(root, 'tmp'), { recursive: true });
    const late = store.createWriter();
    late.write(Buffer.from('no folder to write into'));
    await expect(late.commit()).rejects.toThrow(/ENOENT/);
    expect(() => writer.discard()).not.toThrow();
    expect((await readdir(path.join(root, 'blobs'), { recursive: true })).filter((f) => f.endsWith('.dcm'))).toEqual([]);
  });
});
