import type { Participant, PeerSignalReceived, PointerMoved, ViewportState } from '@consilium/shared';

/**
 * What one realtime process tells the others about a session. Every event
 * names the process it came from; a process opening a room says `hello` and
 * the others answer with their `roster` (their local participants).
 */
export type FanoutEvent =
  | { kind: 'hello'; nodeId: string }
  | { kind: 'roster'; nodeId: string; participants: Participant[]; presenterId: string | null; followState: ViewportState | null }
  | { kind: 'bye'; nodeId: string }
  /** Periodic, per process and room (never per participant): the process is still there. */
  | { kind: 'alive'; nodeId: string }
  | { kind: 'presence.joined' | 'presence.updated'; nodeId: string; participant: Participant }
  | { kind: 'presence.left'; nodeId: string; participantId: string }
  | { kind: 'viewport.follow'; nodeId: string; participantId: string; state: ViewportState }
  | { kind: 'pointer.move'; nodeId: string; event: PointerMoved }
  | { kind: 'control.changed'; nodeId: string; presenterId: string | null }
  | { kind: 'control.requested'; nodeId: string; participantId: string }
  | { kind: 'awareness.update'; nodeId: string; frame: Uint8Array }
  /** A peer-to-peer signal for a participant connected to another process. */
  | { kind: 'media.signal'; nodeId: string; to: string; signal: PeerSignalReceived }
  /** Already persisted by the sender: apply and pass on, never persist again. */
  | { kind: 'yjs.update'; nodeId: string; update: Uint8Array };

export type FanoutHandler = (event: FanoutEvent) => void;

/** Session fan-out between realtime processes. */
export interface Fanout {
  readonly kind: 'in-process' | 'nats';
  publish(sessionId: string, event: FanoutEvent): void;
  /** Events of one session from other processes; returns the unsubscribe. */
  subscribe(sessionId: string, handler: FanoutHandler): () => void;
  close(): Promise<void>;
}

/** One process: nobody else to tell. */
export class InProcessFanout implements Fanout {
  readonly kind = 'in-process' as const;
  publish(): void {}
  subscribe(): () => void {
    return () => undefined;
  }
  async close(): Promise<void> {}
}
