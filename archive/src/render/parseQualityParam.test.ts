import { describe, expect, it } from 'vitest';
import { parseQualityParam } from './parseQualityParam.js';

describe('parseQualityParam (PS3.18 8.3.5.1.2)', () => {
  it('reads 1..100 and refuses anything else', () => {
    expect(parseQualityParam('1')).toEqual({ ok: true, value: 1 });
    expect(parseQualityParam('100')).toEqual({ ok: true, value: 100 });
    for (const bad of ['0', '101', '50.5', '', 'high']) {
      const result = parseQualityParam(bad);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.message).toBe(`quality must be an integer from 1 to 100, got "${bad}"`);
    }
  });
});
