import { describe, expect, it } from 'vitest';
import { DIMSE_SERVICES, loadConfig } from './config.js';

const knownAes = (value: unknown) => loadConfig({ DIMSE_KNOWN_AES: JSON.stringify(value) }).dimse.knownAes;

describe('DIMSE_KNOWN_AES', () => {
  it('takes the commitment service, and gives an AE every service by default', () => {
    expect(knownAes([{ aeTitle: 'CT1', host: '10.0.0.5', port: 104, services: ['store', 'commitment'] }])[0]?.services).toEqual(['store', 'commitment']);
    expect(knownAes([{ aeTitle: 'CT1', host: '10.0.0.5', port: 104 }])[0]?.services).toEqual([...DIMSE_SERVICES]);
    expect(DIMSE_SERVICES).toContain('commitment');
  });

  it('refuses a service it does not know, naming the entry', () => {
    expect(() => knownAes([{ aeTitle: 'CT1', host: '10.0.0.5', port: 104, services: ['commit'] }])).toThrow(/DIMSE_KNOWN_AES\.0\.services\.0/);
  });
});
