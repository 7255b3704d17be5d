import { describe, expect, it } from 'vitest';
import { isGuestPath, isPublicPath } from './publicPaths';

describe('isPublicPath', () => {
  it('lets the sign-in page, the auth routes and share-link opening through, nothing else', () => {
    for (const path of ['/sign-in', '/api/auth/sign-in/email', '/api/auth/jwks', '/s/abcdef', '/api/shares/open', '/api/service-token']) expect(isPublicPath(path), path).toBe(true);
    for (const path of ['/', '/viewer/1.2.3', '/dicomweb/studies', '/api/sessions', '/sign-in-elsewhere', '/api/authx', '/dev/volume', '/api/shares', '/share', '/api/api-keys', '/api/service-tokens']) {
      expect(isPublicPath(path), path).toBe(false);
    }
  });
});

describe('isGuestPath', () => {
  it("lets a guest read DICOMweb, fetch a handshake token and open the link's study, nothing else", () => {
    expect(isGuestPath('GET', '/viewer/1.2.3', '1.2.3')).toBe(true);
    expect(isGuestPath('GET', '/dicomweb/studies/1.2.3/metadata', '1.2.3')).toBe(true);
    expect(isGuestPath('GET', '/api/token', '1.2.3')).toBe(true);
    expect(isGuestPath('GET', '/viewer/1.2.4', '1.2.3'), 'another study').toBe(false);
    expect(isGuestPath('POST', '/dicomweb/studies', '1.2.3'), 'STOW').toBe(false);
    for (const path of ['/', '/admin/users', '/api/sessions', '/api/shares', '/dev/volume/1.2.3']) expect(isGuestPath('GET', path, '1.2.3'), path).toBe(false);
  });
});
