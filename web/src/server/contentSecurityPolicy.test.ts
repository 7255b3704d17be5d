import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from './contentSecurityPolicy';

describe('contentSecurityPolicy', () => {
  it('allows this origin and the realtime service, no eval, no framing', () => {
    const csp = contentSecurityPolicy('http://127.0.0.1:8090');
    expect(csp).toContain("connect-src 'self' http://127.0.0.1:8090 ws://127.0.0.1:8090");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/'unsafe-eval'/);
    expect(contentSecurityPolicy('https://rt.hospital.org/')).toContain('connect-src \'self\' https://rt.hospital.org wss://rt.hospital.org');
  });
});
