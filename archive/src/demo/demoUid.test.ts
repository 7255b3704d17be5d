import { describe, expect, it } from 'vitest';
import { demoUid } from './demoUid.js';
import { DEMO_CT_SERIES_UID, DEMO_CT_STUDY_UID } from './syntheticCt.js';

describe('demoUid', () => {
  it('is a 2.25 UID of a version-5 UUID, at most 64 characters', () => {
    for (const parts of [[], ['a'], ['seed', 'series', 'x'.repeat(1000)]]) {
      const uid = demoUid(...parts);
      expect(uid).toMatch(/^2\.25\.(0|[1-9]\d*)$/);
      expect(uid.length).toBeLessThanOrEqual(64);
      const hex = BigInt(uid.slice(5)).toString(16).padStart(32, '0');
      expect(hex[12]).toBe('5');
      expect(['8', '9', 'a', 'b']).toContain(hex[16]);
    }
  });

  it('is stable for the same parts and differs when the parts or their split differ', () => {
    expect(demoUid('a', 'b')).toBe(demoUid('a', 'b'));
    expect(demoUid('a', 'b')).not.toBe(demoUid('a', 'c'));
    expect(demoUid('ab')).not.toBe(demoUid('a', 'b'));
  });

  it('keeps the demo study and series UIDs that deployments already hold', () => {
    expect(DEMO_CT_STUDY_UID).toBe('2.25.313307000267978877906622644617028220614');
    expect(DEMO_CT_SERIES_UID).toBe('2.25.192874741194130272020029215466029324020');
  });
});
