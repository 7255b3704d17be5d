import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PointerMoved } from '@consilium/shared';
import { PointerThrottle } from './PointerThrottle.js';

const at = (participantId: string, x: number): PointerMoved => ({ participantId, point: [x, 0, 0] });

describe('PointerThrottle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends at most one update per interval per participant, and the latest last', () => {
    const sent: PointerMoved[] = [];
    const times: number[] = [];
    const throttle = new PointerThrottle(1000 / 30, (e) => (sent.push(e), times.push(Date.now())), () => Date.now());
    // 120 moves a second for two seconds: 4x the limit.
    for (let i = 0; i < 240; i++) {
      throttle.move(at('a', i));
      vi.advanceTimersByTime(1000 / 120);
    }
    vi.advanceTimersByTime(100);
    // No 31 updates inside any one second, yet close to the limit overall.
    for (let i = 0; i + 30 < times.length; i++) expect(times[i + 30]! - times[i]!).toBeGreaterThanOrEqual(999);
    expect(sent.length).toBeGreaterThanOrEqual(58);
    expect(sent.at(-1)?.point).toEqual([239, 0, 0]);
  });

  it('throttles participants independently', () => {
    const sent: PointerMoved[] = [];
    const throttle = new PointerThrottle(1000 / 30, (e) => sent.push(e), () => Date.now());
    throttle.move(at('a', 1));
    throttle.move(at('b', 1));
    throttle.move(at('a', 2));
    expect(sent.map((e) => e.participantId)).toEqual(['a', 'b']);
    vi.advanceTimersByTime(40);
    expect(sent.map((e) => `${e.participantId}${e.point?.[0]}`)).toEqual(['a1', 'b1', 'a2']);
    throttle.forget('a');
    throttle.move(at('a', 3));
    expect(sent).toHaveLength(4);
    throttle.close();
  });
});
