import { describe, expect, it } from 'vitest';
import { scopeNeeded } from './apiScopes.js';

describe('scopeNeeded', () => {
  it('names the scope of each kind of request', () => {
    expect(scopeNeeded('GET', '/dicomweb/studies')).toBe('read');
    expect(scopeNeeded('GET', '/dicomweb/studies/1.2/series/3.4/instances/5.6/frames/1')).toBe('read');
    expect(scopeNeeded('POST', '/dicomweb/studies')).toBe('store');
    expect(scopeNeeded('POST', '/dicomweb/studies/1.2')).toBe('store');
    expect(scopeNeeded('GET', '/api/worklist')).toBe('read');
    expect(scopeNeeded('POST', '/api/worklist')).toBe('worklist');
    expect(scopeNeeded('PUT', '/api/studies/1.2/grants/u1')).toBe('grant');
    expect(scopeNeeded('DELETE', '/api/studies/1.2/grants/u1')).toBe('grant');
    expect(scopeNeeded('GET', '/api/grants')).toBe('read');
    expect(scopeNeeded('GET', '/api/audit')).toBe('audit');
    expect(scopeNeeded('GET', '/api/audit/export')).toBe('audit');
  });
});
