import { describe, expect, it } from 'vitest';
import { safeNext, signInMessage } from './signInMessage';

describe('sign-in', () => {
  it('says what went wrong without telling which field', () => {
    expect(signInMessage(401)).toBe('Wrong email or password.');
    expect(signInMessage(429)).toMatch(/Too many attempts/);
    expect(signInMessage(403)).toMatch(/blocked/);
    expect(signInMessage(undefined)).toMatch(/did not answer/);
  });

  it('returns only to paths of this site', () => {
    expect(safeNext('/viewer/1.2.3?x=1')).toBe('/viewer/1.2.3?x=1');
    expect(safeNext('https://evil.test/')).toBe('/');
    expect(safeNext('//evil.test/')).toBe('/');
    expect(safeNext('/\\evil.test')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });
});
