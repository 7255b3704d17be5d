import { describe, expect, it } from 'vitest';
import { applyVoiLutFunction, type VoiWindow } from './applyVoiLutFunction.js';

const y = (x: number, window: VoiWindow): number => Math.round(applyVoiLutFunction(x, window));

describe('applyVoiLutFunction (PS3.3 C.11.2.1.2)', () => {
  it('LINEAR: c=40 w=400 maps -160 and below to 0, above 239 to 255', () => {
    const window = { center: 40, width: 400, function: 'LINEAR' } as const;
    expect([-1000, -160, -159, 40, 238, 239, 240].map((x) => y(x, window))).toEqual([0, 0, 1, 128, 254, 255, 255]);
    expect(applyVoiLutFunction(40, window)).toBeCloseTo(127.819549, 5);
  });

  it('LINEAR is the default function', () => {
    expect(applyVoiLutFunction(-159, { center: 40, width: 400 })).toBeCloseTo(0.639098, 5);
  });

  it('LINEAR with width 1 is a threshold at c - 0.5', () => {
    const window = { center: 0, width: 1, function: 'LINEAR' } as const;
    expect([-1, -0.5, -0.49, 0, 5].map((x) => y(x, window))).toEqual([0, 0, 255, 255, 255]);
  });

  it('LINEAR_EXACT: c=40 w=400 maps [-160, 240] onto [0, 255] exactly', () => {
    const window = { center: 40, width: 400, function: 'LINEAR_EXACT' } as const;
    expect(applyVoiLutFunction(-60, window)).toBe(63.75);
    expect([-161, -160, -60, 40, 240, 241].map((x) => y(x, window))).toEqual([0, 0, 64, 128, 255, 255]);
  });

  it('SIGMOID: c=40 w=400 gives 255/(1+exp(-4(x-c)/w))', () => {
    const window = { center: 40, width: 400, function: 'SIGMOID' } as const;
    expect(applyVoiLutFunction(40, window)).toBe(127.5);
    expect(applyVoiLutFunction(240, window)).toBeCloseTo(255 / (1 + Math.exp(-2)), 10);
    expect([-160, 40, 240, 10_000].map((x) => y(x, window))).toEqual([30, 128, 225, 255]);
  });

  it('honours another output range', () => {
    expect(applyVoiLutFunction(40, { center: 40, width: 400, function: 'LINEAR_EXACT' }, 0, 65535)).toBe(32767.5);
  });
});
