import { describe, expect, it } from 'vitest';
import { AudioEnergyMeter, SPEAKER_HOLD_MS, SPEAKING_LEVEL, nextSpeaker } from './activeSpeaker';

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

describe('AudioEnergyMeter', () => {
  it('gives the RMS level over the interval since the last sample, so a short beep between polls counts', () => {
    const meter = new AudioEnergyMeter();
    expect(meter.level('b', { totalAudioEnergy: 0, totalSamplesDuration: 1 })).toBeUndefined();
    // 20 ms at level 0.5 within 250 ms of audio: energy 0.25 * 0.02.
    const level = meter.level('b', { totalAudioEnergy: 0.005, totalSamplesDuration: 1.25 });
    expect(level).toBeCloseTo(Math.sqrt(0.005 / 0.25), 6);
    expect(level!).toBeGreaterThan(SPEAKING_LEVEL);
    expect(meter.level('b', { totalAudioEnergy: 0.005, totalSamplesDuration: 1.5 })).toBe(0);
  });

  it('has no level when no audio was counted since, or the totals went back (a new stream)', () => {
    const meter = new AudioEnergyMeter();
    meter.level('b', { totalAudioEnergy: 1, totalSamplesDuration: 10 });
    expect(meter.level('b', { totalAudioEnergy: 1, totalSamplesDuration: 10 })).toBeUndefined();
    expect(meter.level('b', { totalAudioEnergy: 0, totalSamplesDuration: 0.25 })).toBeUndefined();
    expect(meter.level('b', { totalAudioEnergy: 0.0001, totalSamplesDuration: 0.5 })).toBeCloseTo(0.02, 6);
  });

  it('forgets streams of participants who left', () => {
    const meter = new AudioEnergyMeter();
    meter.level('a', { totalAudioEnergy: 0, totalSamplesDuration: 1 });
    meter.keepOnly(new Set());
    expect(meter.level('a', { totalAudioEnergy: 1, totalSamplesDuration: 2 })).toBeUndefined();
  });
});
