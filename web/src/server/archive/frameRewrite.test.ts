import { describe, expect, it } from 'vitest';
import { isFrameRetrieve, rewriteToArchive } from './frameRewrite';

const FRAME = '/dicomweb/studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.5/frames/1';

describe('isFrameRetrieve', () => {
  it.each([
    ['GET', FRAME, true],
    ['HEAD', `${FRAME},2,3`, true],
    ['POST', FRAME, false],
    ['GET', '/dicomweb/studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.5', false],
    ['GET', '/dicomweb/studies/1.2.3/series/1.2.3.4/metadata', false],
    ['GET', `${FRAME}/extra`, false],
    ['GET', '/api/studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.5/frames/1', false],
  ])('%s %s: %s', (method, path, expected) => {
    expect(isFrameRetrieve(method, path)).toBe(expected);
  });
});

describe('rewriteToArchive', () => {
  it("sends the request to the archive's same path with the caller's token, without the app's cookie", () => {
    const request = new Request(`http://app.example${FRAME}?x=1`, {
      headers: { cookie: 'better-auth.session_token=secret', accept: 'multipart/related; type="application/octet-stream"', 'x-forwarded-for': '10.1.2.3, 127.0.0.1' },
    });
    const response = rewriteToArchive(request, `${FRAME}?x=1`, 'http://127.0.0.1:8044', 'the-token');
    expect(response.headers.get('x-middleware-rewrite')).toBe(`http://127.0.0.1:8044${FRAME}?x=1`);
    const overridden = (response.headers.get('x-middleware-override-headers') ?? '').split(',');
    expect(overridden).toContain('authorization');
    expect(overridden).not.toContain('cookie');
    expect(response.headers.get('x-middleware-request-authorization')).toBe('Bearer the-token');
    expect(response.headers.get('x-middleware-request-x-forwarded-for')).toBe('10.1.2.3');
    expect(response.headers.get('x-middleware-request-accept')).toBe('multipart/related; type="application/octet-stream"');
    expect(response.headers.get('x-middleware-request-cookie')).toBeNull();
  });
});
