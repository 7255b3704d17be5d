import type { SessionRecord } from '../sessions/SessionRepository.js';
import { Room, type RoomOptions } from './Room.js';

export type RoomRegistryOptions = Omit<RoomOptions, 'session' | 'onEmpty'> & {
  /** How long a room without local participants stays loaded. */
  roomIdleTimeoutMs: number;
};

/**
 * The rooms loaded on this process. A room opens on its first connection and
 * closes (compacting its document) a while after its last local participant
 * left; concurrent first connections share one opening.
 */
export class RoomRegistry {
  readonly #rooms = new Map<string, Promise<Room>>();
  readonly #idle = new Map<string, NodeJS.Timeout>();

  constructor(private readonly o: RoomRegistryOptions) {}

  open(session: SessionRecord): Promise<Room> {
    const { sessionId } = session;
    const timer = this.#idle.get(sessionId);
    if (timer) clearTimeout(timer);
    this.#idle.delete(sessionId);
    let room = this.#rooms.get(sessionId);
    if (!room) {
      const { roomIdleTimeoutMs: _, ...shared } = this.o;
      room = Room.open({ ...shared, session, log: this.o.log.child({ sessionId }), onEmpty: () => this.#scheduleClose(sessionId) });
      this.#rooms.set(sessionId, room);
      room.catch(() => this.#rooms.delete(sessionId));
    }
    return room;
  }

  /** A loaded room (tests, diagnostics). */
  async get(sessionId: string): Promise<Room | undefined> {
    return this.#rooms.get(sessionId);
  }

  get size(): number {
    return this.#rooms.size;
  }

  async close(): Promise<void> {
    for (const timer of this.#idle.values()) clearTimeout(timer);
    this.#idle.clear();
    const rooms = [...this.#rooms.values()];
    this.#rooms.clear();
    await Promise.all(rooms.map(async (r) => (await r.catch(() => undefined))?.close()));
  }

  #scheduleClose(sessionId: string): void {
    if (this.#idle.has(sessionId)) return;
    const timer = setTimeout(() => {
      this.#idle.delete(sessionId);
      const room = this.#rooms.get(sessionId);
      if (!room) return;
      void room.then(async (r) => {
        if (r.roster.localCount > 0 || this.#rooms.get(sessionId) !== room) return;
        this.#rooms.delete(sessionId);
        await r.close();
        this.o.log.debug({ sessionId }, 'room closed');
      }).catch((error: unknown) => this.o.log.error({ err: error, sessionId }, 'closing room failed'));
    }, this.o.roomIdleTimeoutMs);
    timer.unref();
    this.#idle.set(sessionId, timer);
  }
}
