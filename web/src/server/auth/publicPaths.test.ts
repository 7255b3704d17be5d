import { describe, expect, it } from 'vitest';
import { isPublicPath } from './publicPaths';

describe('isPublicPath', () => {
  it('lets the sign-in page and the auth routes through, nothing else', () => {
    expect(isPublicPath('/sign-in')).toBe(true);
    expect(isPublicPath('/api/auth/sign-in/email')).toBe(true);
    expect(isPublicPath('/api/auth/jwks')).toBe(true);
    for (const path of ['/', '/viewer/1.2.3', '/dicomweb/studies', '/api/sessions', '/sign-in-elsewhere', '/api/authx', '/dev/volume']) {
      expect(isPublicPath(path)).toBe(false);
    }
  });
});
