import { describe, expect, it } from 'vitest';
import { parseWindowParam } from './parseWindowParam.js';

const reason = (value: string): string => {
  const result = parseWindowParam(value);
  if (result.ok) throw new Error(`expected "${value}" to be refused`);
  expect(result.error.code).toBe('InvalidQuery');
  return result.error.message;
};

describe('parseWindowParam (PS3.18 8.3.5.1.4)', () => {
  it('reads center, width and each function name', () => {
    expect(parseWindowParam('40,400,linear')).toEqual({ ok: true, value: { center: 40, width: 400, function: 'LINEAR' } });
    expect(parseWindowParam('-600.5,1500,linear-exact')).toEqual({
      ok: true,
      value: { center: -600.5, width: 1500, function: 'LINEAR_EXACT' },
    });
    expect(parseWindowParam(' 1e3 , .5 , SIGMOID ')).toEqual({
      ok: true,
      value: { center: 1000, width: 0.5, function: 'SIGMOID' },
    });
  });

  it('reads a missing function as linear', () => {
    expect(parseWindowParam('40,400')).toEqual({ ok: true, value: { center: 40, width: 400, function: 'LINEAR' } });
  });

  it('says precisely what is wrong', () => {
    expect(reason('40')).toBe('window must be "center,width,function", got "40"');
    expect(reason('40,400,linear,x')).toMatch(/must be "center,width,function"/);
    expect(reason('abc,400,linear')).toBe('window center "abc" is not a decimal number');
    expect(reason('40,,linear')).toBe('window width "" is not a decimal number');
    expect(reason('40,400,gamma')).toBe('window function "gamma" is not one of linear, linear-exact, sigmoid');
    expect(reason('40,0.5,linear')).toBe('window width must be at least 1 for linear, got 0.5');
    expect(reason('40,0,sigmoid')).toBe('window width must be greater than 0, got 0');
    expect(reason('40,-3,linear-exact')).toBe('window width must be greater than 0, got -3');
    expect(reason('1e999,400,linear')).toMatch(/out of range/);
  });
});
