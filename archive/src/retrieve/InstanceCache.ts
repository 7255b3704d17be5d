import type { StoredInstance } from './findInstances.js';

/**
 * A small LRU of instance look-ups for the frame hot path: a viewer fetching a
 * series asks for each instance's frames in turn, and on PGlite one indexed
 * look-up costs more than reading the frame. Entries expire after `ttlMs`, and
 * ingest drops an entry when it replaces the instance, so a stale entry can only
 * come from another archive process sharing the database, for at most `ttlMs`;
 * it would still name a blob that exists (blobs are content-addressed and kept).
 */
export class InstanceCache {
  private readonly entries = new Map<string, { instance: StoredInstance; expires: number }>();

  constructor(
    private readonly maxEntries = 20_000,
    private readonly ttlMs = 30_000,
  ) {}

  get(key: string, now = Date.now()): StoredInstance | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expires < now) return undefined;
    this.entries.set(key, entry);
    return entry.instance;
  }

  set(key: string, instance: StoredInstance, now = Date.now()): void {
    this.entries.delete(key);
    this.entries.set(key, { instance, expires: now + this.ttlMs });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  /** Drops every entry of an instance (any study/series path naming it). */
  forgetInstance(sopInstanceUID: string): void {
    for (const [key, entry] of this.entries) if (entry.instance.sopInstanceUID === sopInstanceUID) this.entries.delete(key);
  }
}
