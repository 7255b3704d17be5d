import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('realtime config', () => {
  it('defaults to the table in ARCHITECTURE.md', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ host: '127.0.0.1', port: 8090, databaseUrl: undefined, natsUrl: undefined, dataDir: path.resolve('./data') });
    expect(c.corsOrigins).toEqual(['http://127.0.0.1:3000', 'http://localhost:3000']);
  });

  it('reads the distributed settings and lists every bad variable at once', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://db/x', NATS_URL: 'nats://n:4222', REALTIME_PORT: '9000', REALTIME_CORS_ORIGINS: 'https://a, https://b' });
    expect(c).toMatchObject({ databaseUrl: 'postgres://db/x', natsUrl: 'nats://n:4222', port: 9000, corsOrigins: ['https://a', 'https://b'] });
    expect(() => loadConfig({ REALTIME_PORT: 'ninety', NATS_URL: 'http://x' })).toThrow(/REALTIME_PORT[\s\S]*NATS_URL|NATS_URL[\s\S]*REALTIME_PORT/);
  });
});
