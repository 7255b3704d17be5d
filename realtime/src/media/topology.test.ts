import { describe, expect, it } from 'vitest';
import type { SfuEngine } from './SfuEngine.js';
import { type MediaPolicy, mediaSettingsFor } from './topology.js';

const sfu = { kind: 'test', maxParticipants: 16 } as SfuEngine;
const policy = (over: Partial<MediaPolicy>): MediaPolicy => ({ mode: 'auto', p2pLimit: 4, iceServers: [], sfu, ...over });

describe('mediaSettingsFor', () => {
  it('is peer-to-peer up to the limit and the SFU past it, and back when the room shrinks', () => {
    expect([1, 2, 4, 5, 9, 4].map((n) => mediaSettingsFor(n, policy({})).topology)).toEqual(['p2p', 'p2p', 'p2p', 'sfu', 'sfu', 'p2p']);
    expect(mediaSettingsFor(5, policy({})).maxParticipants).toBe(16);
  });

  it('without an SFU stays peer-to-peer and caps the call at the limit', () => {
    expect(mediaSettingsFor(9, policy({ sfu: undefined }))).toEqual({ topology: 'p2p', iceServers: [], maxParticipants: 4 });
  });

  it('follows a forced mode', () => {
    expect(mediaSettingsFor(1, policy({ mode: 'sfu' })).topology).toBe('sfu');
    expect(mediaSettingsFor(9, policy({ mode: 'p2p' }))).toMatchObject({ topology: 'p2p', maxParticipants: 4 });
  });
});
