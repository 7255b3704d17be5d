import type { PointerMoved } from '@consilium/shared';

/**
 * Per-participant pointer throttle: at most one update per `intervalMs`
 * (1000/30 for 30/s), leading edge sent at once, the latest of a burst sent
 * when the interval ends (so the pointer comes to rest where it really is).
 * A timer exists only while a participant is moving faster than the limit.
 */
export class PointerThrottle {
  readonly #last = new Map<string, number>();
  readonly #pending = new Map<string, { event: PointerMoved; timer: NodeJS.Timeout }>();

  constructor(
    private readonly intervalMs: number,
    private readonly send: (event: PointerMoved) => void,
    private readonly now: () => number = Date.now,
  ) {}

  move(event: PointerMoved): void {
    const id = event.participantId;
    const pending = this.#pending.get(id);
    if (pending) {
      pending.event = event;
      return;
    }
    const wait = (this.#last.get(id) ?? -Infinity) + this.intervalMs - this.now();
    if (wait <= 0) {
      this.#emit(event);
      return;
    }
    const timer = setTimeout(() => {
      const latest = this.#pending.get(id);
      this.#pending.delete(id);
      if (latest) this.#emit(latest.event);
    }, Math.ceil(wait)); // timers round down fractions of a millisecond: never come early
    this.#pending.set(id, { event, timer });
  }

  /** Drops a participant's state (left the room). */
  forget(participantId: string): void {
    const pending = this.#pending.get(participantId);
    if (pending) clearTimeout(pending.timer);
    this.#pending.delete(participantId);
    this.#last.delete(participantId);
  }

  close(): void {
    for (const { timer } of this.#pending.values()) clearTimeout(timer);
    this.#pending.clear();
    this.#last.clear();
  }

  #emit(event: PointerMoved): void {
    this.#last.set(event.participantId, this.now());
    this.send(event);
  }
}
