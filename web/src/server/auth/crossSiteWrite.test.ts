import { describe, expect, it } from 'vitest';
import { isCrossSiteWrite } from './crossSiteWrite';

const ours = ['http://127.0.0.1:3000', 'http://localhost:3000'];
const h = (entries: Record<string, string>) => new Headers(entries);

describe('isCrossSiteWrite', () => {
  it('refuses writes from another origin or site, lets reads and our own writes through', () => {
    expect(isCrossSiteWrite('POST', h({ origin: 'http://evil.test' }), ours)).toBe(true);
    expect(isCrossSiteWrite('DELETE', h({ origin: 'null' }), ours)).toBe(true);
    expect(isCrossSiteWrite('PUT', h({ 'sec-fetch-site': 'cross-site' }), ours)).toBe(true);
    expect(isCrossSiteWrite('POST', h({ 'sec-fetch-site': 'same-site' }), ours)).toBe(true);
    expect(isCrossSiteWrite('POST', h({ origin: 'http://localhost:3000' }), ours)).toBe(false);
    expect(isCrossSiteWrite('POST', h({ 'sec-fetch-site': 'same-origin' }), ours)).toBe(false);
    expect(isCrossSiteWrite('POST', h({}), ours), 'a program (curl), no cookies of a victim').toBe(false);
    expect(isCrossSiteWrite('GET', h({ origin: 'http://evil.test' }), ours)).toBe(false);
  });
});
