import type { Participant } from '@consilium/shared';

export interface Member {
  participant: Participant;
  /** The realtime process the participant is connected to. */
  nodeId: string;
  /** Local members: the current socket, null while away. */
  socketId: string | null;
  graceTimer: NodeJS.Timeout | undefined;
}

/** Pointer colours, distinct on dark viewer backgrounds; reused round-robin past ten. */
const PALETTE = ['#e6194b', '#3cb44b', '#ffe119', '#4363d8', '#f58231', '#911eb4', '#46f0f0', '#f032e6', '#bcf60c', '#fabebe'];

/** FNV-1a of the id, onto the palette: the same id always starts at the same colour. */
export function paletteIndexOf(participantId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < participantId.length; i++) hash = Math.imul(hash ^ participantId.charCodeAt(i), 0x01000193) >>> 0;
  return hash % PALETTE.length;
}

/**
 * Who is in a room, across processes: local members (with their socket) and
 * members other processes reported. Kept as a map so presence changes are
 * deltas, never a periodic re-broadcast of everyone.
 */
export class Roster {
  readonly #members = new Map<string, Member>();

  constructor(private readonly nodeId: string) {}

  get(participantId: string): Member | undefined {
    return this.#members.get(participantId);
  }

  participants(): Participant[] {
    return [...this.#members.values()].map((m) => m.participant);
  }

  local(): Member[] {
    return [...this.#members.values()].filter((m) => m.nodeId === this.nodeId);
  }

  get localCount(): number {
    let n = 0;
    for (const m of this.#members.values()) if (m.nodeId === this.nodeId) n++;
    return n;
  }

  /** Sockets of local hosts and of `also`, for messages meant for those who decide. */
  localSocketsOf(predicate: (p: Participant) => boolean): string[] {
    return this.local()
      .filter((m) => m.socketId !== null && predicate(m.participant))
      .map((m) => m.socketId as string);
  }

  setLocal(participant: Participant, socketId: string): Member {
    const previous = this.#members.get(participant.participantId);
    if (previous?.graceTimer) clearTimeout(previous.graceTimer);
    const member: Member = { participant, nodeId: this.nodeId, socketId, graceTimer: undefined };
    this.#members.set(participant.participantId, member);
    return member;
  }

  setRemote(participant: Participant, nodeId: string): void {
    const previous = this.#members.get(participant.participantId);
    if (previous?.graceTimer) clearTimeout(previous.graceTimer);
    this.#members.set(participant.participantId, { participant, nodeId, socketId: null, graceTimer: undefined });
  }

  remove(participantId: string): Member | undefined {
    const member = this.#members.get(participantId);
    if (member?.graceTimer) clearTimeout(member.graceTimer);
    this.#members.delete(participantId);
    return member;
  }

  /** Drops every member of a process that said goodbye; returns their ids. */
  removeNode(nodeId: string): string[] {
    const gone = [...this.#members.values()].filter((m) => m.nodeId === nodeId).map((m) => m.participant.participantId);
    for (const id of gone) this.remove(id);
    return gone;
  }

  /**
   * A colour for `participantId`: the palette entry its id hashes to, or the
   * next one no member uses. Starting from the id (not from the palette's
   * first entry) keeps two participants who join at the same moment on two
   * processes, before either process has heard of the other, from both
   * getting the first free colour.
   */
  pickColour(participantId: string): string {
    const used = new Set(this.participants().map((p) => p.colour));
    const start = paletteIndexOf(participantId);
    for (let i = 0; i < PALETTE.length; i++) {
      const colour = PALETTE[(start + i) % PALETTE.length]!;
      if (!used.has(colour)) return colour;
    }
    return PALETTE[start]!;
  }

  clear(): void {
    for (const m of this.#members.values()) if (m.graceTimer) clearTimeout(m.graceTimer);
    this.#members.clear();
  }
}
