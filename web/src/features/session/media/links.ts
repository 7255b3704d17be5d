import type { IceCandidate, IceServer, PeerSignalReceived, SessionDescription } from '@consilium/shared';

/** The tracks this participant sends: the microphone, and the camera or the shared screen. */
export interface OutgoingTracks {
  audio: MediaStreamTrack | null;
  video: MediaStreamTrack | null;
}

/** One remote participant's media arriving here, over whichever topology. */
export interface RemoteLink {
  readonly participantId: string;
  readonly stream: MediaStream;
  readonly pc: RTCPeerConnection;
  /** The new outgoing tracks (mute is track.enabled; camera off, camera back and screen sharing replace a track). */
  setTracks(tracks: OutgoingTracks): Promise<void>;
  close(): void;
}

/** Candidates gathered, or given up waiting: the SFU takes its SDP whole. */
export function gathered(pc: RTCPeerConnection, capMs = 2_000): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      pc.removeEventListener('icegatheringstatechange', check);
      clearTimeout(timer);
      resolve();
    };
    const check = () => {
      if (pc.iceGatheringState === 'complete') done();
    };
    const timer = setTimeout(done, capMs);
    pc.addEventListener('icegatheringstatechange', check);
  });
}

const descriptionOf = (pc: RTCPeerConnection): SessionDescription => {
  const d = pc.localDescription;
  if (!d || (d.type !== 'offer' && d.type !== 'answer')) throw new Error('no local description');
  return { type: d.type, sdp: d.sdp };
};

function collect(pc: RTCPeerConnection): MediaStream {
  const stream = new MediaStream();
  pc.addEventListener('track', (event) => {
    if (!stream.getTracks().includes(event.track)) stream.addTrack(event.track);
  });
  return stream;
}

async function replace(pc: RTCPeerConnection, tracks: OutgoingTracks): Promise<void> {
  for (const transceiver of pc.getTransceivers()) {
    const kind = transceiver.receiver.track.kind as 'audio' | 'video';
    if (transceiver.currentDirection === 'stopped' || transceiver.direction === 'recvonly' || transceiver.direction === 'inactive') continue;
    await transceiver.sender.replaceTrack(tracks[kind]);
  }
}

/**
 * Peer-to-peer with one participant, for the call they joined as `callId`.
 * One side offers (the one with the smaller participant id), the other
 * answers; both send audio and video on the two transceivers of the first
 * offer for the whole call, so muting, camera off and screen sharing never
 * renegotiate. Signals are applied in order (candidates wait for the
 * description). The offerer restarts ICE if the connection fails.
 */
export class PeerLink implements RemoteLink {
  readonly pc: RTCPeerConnection;
  readonly stream: MediaStream;
  #queue: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(
    readonly participantId: string,
    readonly callId: string,
    private readonly offerer: boolean,
    iceServers: IceServer[],
    private tracks: OutgoingTracks,
    private readonly send: (signal: { description?: SessionDescription; candidate?: IceCandidate | null }) => void,
    onFailure: (reason: string) => void,
  ) {
    this.pc = new RTCPeerConnection({ iceServers });
    this.stream = collect(this.pc);
    this.pc.addEventListener('icecandidate', (event) => {
      if (this.#closed) return;
      this.send({ candidate: event.candidate ? (event.candidate.toJSON() as IceCandidate) : null });
    });
    this.pc.addEventListener('connectionstatechange', () => {
      if (this.pc.connectionState !== 'failed' || this.#closed) return;
      if (this.offerer) this.pc.restartIce();
      onFailure('the connection failed; trying again');
    });
    if (offerer) {
      this.pc.addTransceiver(tracks.audio ?? 'audio', { direction: 'sendrecv' });
      this.pc.addTransceiver(tracks.video ?? 'video', { direction: 'sendrecv' });
      this.pc.addEventListener('negotiationneeded', () => this.#enqueue(() => this.#offer()));
    }
  }

  receive(signal: PeerSignalReceived): void {
    this.#enqueue(async () => {
      const { description, candidate } = signal;
      if (description) {
        await this.pc.setRemoteDescription(description);
        if (description.type === 'offer') {
          // The answerer sends on the offer's transceivers.
          for (const transceiver of this.pc.getTransceivers()) transceiver.direction = 'sendrecv';
          await replace(this.pc, this.tracks);
          await this.pc.setLocalDescription();
          this.send({ description: descriptionOf(this.pc) });
        }
      } else if (candidate !== undefined) {
        await this.pc.addIceCandidate(candidate ?? undefined).catch(() => undefined);
      }
    });
  }

  async setTracks(tracks: OutgoingTracks): Promise<void> {
    this.tracks = tracks;
    if (this.pc.getTransceivers().length > 0) await replace(this.pc, tracks);
  }

  close(): void {
    this.#closed = true;
    this.pc.close();
  }

  async #offer(): Promise<void> {
    await this.pc.setLocalDescription();
    this.send({ description: descriptionOf(this.pc) });
  }

  #enqueue(step: () => Promise<void>): void {
    this.#queue = this.#queue.then(() => (this.#closed ? undefined : step())).catch((error: unknown) => console.warn('call: a signal could not be applied', error));
  }
}

/** This participant's publication to the SFU: sends only. */
export class SfuPublisher {
  readonly pc: RTCPeerConnection;

  constructor(iceServers: IceServer[], tracks: OutgoingTracks) {
    this.pc = new RTCPeerConnection({ iceServers });
    this.pc.addTransceiver(tracks.audio ?? 'audio', { direction: 'sendonly' });
    this.pc.addTransceiver(tracks.video ?? 'video', { direction: 'sendonly' });
  }

  /** The offer with its candidates. */
  async offer(): Promise<SessionDescription> {
    await this.pc.setLocalDescription();
    await gathered(this.pc);
    return descriptionOf(this.pc);
  }

  answered(answer: SessionDescription): Promise<void> {
    return this.pc.setRemoteDescription(answer);
  }

  setTracks(tracks: OutgoingTracks): Promise<void> {
    return replace(this.pc, tracks);
  }

  close(): void {
    this.pc.close();
  }
}

/** A subscription to one participant's feed through the SFU: receives only; the SFU offers. */
export class SfuSubscription implements RemoteLink {
  readonly pc: RTCPeerConnection;
  readonly stream: MediaStream;

  constructor(readonly participantId: string, iceServers: IceServer[]) {
    this.pc = new RTCPeerConnection({ iceServers });
    this.stream = collect(this.pc);
  }

  /** The answer (with candidates) to the SFU's offer. */
  async answer(offer: SessionDescription): Promise<SessionDescription> {
    await this.pc.setRemoteDescription(offer);
    await this.pc.setLocalDescription();
    await gathered(this.pc);
    return descriptionOf(this.pc);
  }

  async setTracks(): Promise<void> {}

  close(): void {
    this.pc.close();
  }
}
