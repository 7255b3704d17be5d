import { describe, expect, it } from 'vitest';
import type { StoredInstance } from './findInstances.js';
import { InstanceCache } from './InstanceCache.js';

const instance = (sop: string): StoredInstance => ({
  studyInstanceUID: '1.2',
  seriesInstanceUID: '1.2.3',
  sopInstanceUID: sop,
  sopClassUID: '1.2.840.10008.5.1.4.1.1.2',
  transferSyntaxUID: '1.2.840.10008.1.2.1',
  blobKey: `aa/${sop}`,
  sizeBytes: 1,
  numberOfFrames: null,
  pixelDataOffset: 0,
  pixelDataLength: 1,
});

describe('InstanceCache', () => {
  it('returns what was set until it expires', () => {
    const cache = new InstanceCache(10, 1000);
    cache.set('a', instance('1'), 0);
    expect(cache.get('a', 999)?.sopInstanceUID).toBe('1');
    expect(cache.get('a', 1001)).toBeUndefined();
  });

  it('evicts the least recently used entry beyond its size', () => {
    const cache = new InstanceCache(2, 1000);
    cache.set('a', instance('1'), 0);
    cache.set('b', instance('2'), 0);
    cache.get('a', 1);
    cache.set('c', instance('3'), 2);
    expect(cache.get('b', 3)).toBeUndefined();
    expect(cache.get('a', 3)?.sopInstanceUID).toBe('1');
    expect(cache.get('c', 3)?.sopInstanceUID).toBe('3');
  });

  it('forgets an instance under every key that names it', () => {
    const cache = new InstanceCache(10, 1000);
    cache.set('a', instance('1'), 0);
    cache.set('b', instance('1'), 0);
    cache.set('c', instance('2'), 0);
    cache.forgetInstance('1');
    expect(cache.get('a', 1)).toBeUndefined();
    expect(cache.get('b', 1)).toBeUndefined();
    expect(cache.get('c', 1)?.sopInstanceUID).toBe('2');
  });
});
