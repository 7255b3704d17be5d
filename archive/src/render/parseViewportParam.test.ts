import { describe, expect, it } from 'vitest';
import { MAX_VIEWPORT_SIDE_PX, parseViewportParam } from './parseViewportParam.js';

const viewportReason = (value: string): string => {
  const result = parseViewportParam(value);
  if (result.ok) throw new Error(`expected "${value}" to be refused`);
  expect(result.error.code).toBe('InvalidQuery');
  return result.error.message;
};

describe('parseViewportParam (PS3.18 8.3.5.1.3)', () => {
  it('reads vw,vh', () => {
    expect(parseViewportParam('512,256')).toEqual({ ok: true, value: { width: 512, height: 256 } });
    expect(parseViewportParam(` 64 , ${MAX_VIEWPORT_SIDE_PX} `)).toEqual({
      ok: true,
      value: { width: 64, height: MAX_VIEWPORT_SIDE_PX },
    });
  });

  it('says precisely what is wrong', () => {
    expect(viewportReason('512')).toBe('viewport must be "vw,vh", got "512"');
    expect(viewportReason('512,x')).toBe('viewport vh "x" is not a positive integer');
    expect(viewportReason('-1,5')).toBe('viewport vw "-1" is not a positive integer');
    expect(viewportReason('12.5,5')).toBe('viewport vw "12.5" is not a positive integer');
    expect(viewportReason('0,5')).toBe(`viewport vw must be between 1 and ${MAX_VIEWPORT_SIDE_PX}, got 0`);
    expect(viewportReason('5,100000')).toMatch(/vh must be between 1 and/);
    expect(viewportReason('512,512,0,0,256,256')).toMatch(/source region \(sx,sy,sw,sh\) is not supported/);
  });
});
