import { describe, expect, it } from 'vitest';
import { createBus } from './createBus.js';
import { createTestLogger } from './createTestLogger.js';

describe('createBus', () => {
  it('uses the in-process bus when no NATS URL is configured', async () => {
    const { logger } = createTestLogger();
    for (const natsUrl of [undefined, '']) {
      const bus = await createBus({ natsUrl, logger });
      expect(bus.kind).toBe('in-process');
      await bus.close();
    }
  });
});
