import { describe, expect, it } from 'vitest';
import { SPEAKER_HOLD_MS, nextSpeaker } from './activeSpeaker';

const levels = (entries: Record<string, number>) => new Map(Object.entries(entries));

describe('nextSpeaker', () => {
  it('is the loudest above the threshold, nobody below it', () => {
    expect(nextSpeaker(levels({ a: 0.1, b: 0.3 }), { id: null, since: 0 }, 10).id).toBe('b');
    expect(nextSpeaker(levels({ a: 0.01, b: 0.015 }), { id: null, since: 0 }, 10).id).toBeNull();
  });

  it('holds the speaker a moment after they fall quiet or are out-shouted, then moves on', () => {
    const speaking = nextSpeaker(levels({ a: 0.2 }), { id: null, since: 0 }, 1_000);
    expect(nextSpeaker(levels({ a: 0, b: 0.5 }), speaking, 1_000 + SPEAKER_HOLD_MS - 1).id).toBe('a');
    expect(nextSpeaker(levels({ a: 0, b: 0.5 }), speaking, 1_000 + SPEAKER_HOLD_MS + 1).id).toBe('b');
    expect(nextSpeaker(levels({ a: 0 }), speaking, 1_000 + SPEAKER_HOLD_MS + 1).id).toBeNull();
  });

  it('drops a speaker who left the call at once', () => {
    expect(nextSpeaker(levels({ b: 0 }), { id: 'a', since: 1_000 }, 1_001).id).toBeNull();
  });
});
