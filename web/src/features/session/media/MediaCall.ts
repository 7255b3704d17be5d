import type { Ack, MediaPresence, MediaSettings, MediaState, PeerSignalReceived, SessionDescription, SessionWelcome } from '@consilium/shared';
import type { BrowserSession } from '../connection/BrowserSession';
import { AudioEnergyMeter, type SpeakerState, audioTotalsOf, nextSpeaker } from './activeSpeaker';
import { type OutgoingTracks, PeerLink, type RemoteLink, SfuPublisher, SfuSubscription } from './links';
import { acquireMedia, describeMediaError, listDevices } from './localMedia';

export interface RemoteMedia {
  participantId: string;
  name: string;
  colour: string;
  media: MediaPresence;
  /** What arrives from them; undefined until a connection exists. */
  stream: MediaStream | undefined;
  connection: RTCPeerConnectionState | 'waiting';
}

export interface CallSnapshot {
  phase: 'out' | 'joining' | 'in';
  settings: MediaSettings;
  /** Why something did not work (devices, permission, a full call), in words for the participant. */
  problem: string | undefined;
  local: { state: MediaState; preview: MediaStream | undefined };
  remotes: readonly RemoteMedia[];
  speakingId: string | null;
  devices: { microphones: readonly MediaDeviceInfo[]; cameras: readonly MediaDeviceInfo[] };
  selected: { microphoneId: string | undefined; cameraId: string | undefined };
}

/** Per-remote receive figures, for tests and the benchmark (window.__consiliumCall). */
export interface ReceiveStats {
  participantId: string;
  videoFramesDecoded: number;
  videoWidth: number;
  audioBytesReceived: number;
  audioEnergy: number;
}

declare global {
  interface Window {
    __consiliumCall?: { stats(): Promise<ReceiveStats[]>; snapshot(): CallSnapshot };
  }
}

const NO_DEVICES: MediaState = { microphone: 'none', camera: 'none', screen: false };
const FALLBACK_SETTINGS: MediaSettings = { topology: 'p2p', iceServers: [], maxParticipants: 4 };
const rememberKey = (sessionId: string) => `consilium.call.${sessionId}`;

/**
 * This participant's part in the session's video call: their microphone,
 * camera or screen, one connection per other participant (peer-to-peer) or a
 * publication and one subscription per other participant (SFU), whichever the
 * realtime service says the call runs on. When it moves (the room grew past
 * the peer-to-peer limit, or shrank back), the connections are rebuilt on the
 * new topology by themselves; after a dropped connection or a reload the
 * participant is back in the call with the same devices.
 */
export class MediaCall {
  #snapshot: CallSnapshot;
  readonly #listeners = new Set<() => void>();
  readonly #links = new Map<string, RemoteLink>();
  #publisher: SfuPublisher | undefined;
  #mic: MediaStreamTrack | undefined;
  #camera: MediaStreamTrack | undefined;
  #screen: MediaStreamTrack | undefined;
  #welcome: SessionWelcome | undefined;
  #speaker: SpeakerState = { id: null, since: 0 };
  readonly #energy = new AudioEnergyMeter();
  #poll: ReturnType<typeof setInterval> | undefined;
  readonly #off: (() => void)[] = [];

  constructor(private readonly session: BrowserSession) {
    this.#snapshot = {
      phase: 'out',
      settings: session.snapshot.welcome?.media ?? FALLBACK_SETTINGS,
      problem: undefined,
      local: { state: NO_DEVICES, preview: undefined },
      remotes: [],
      speakingId: null,
      devices: { microphones: [], cameras: [] },
      selected: { microphoneId: undefined, cameraId: undefined },
    };
    const socket = session.socket;
    const onSettings = (settings: MediaSettings) => this.#onSettings(settings);
    const onSignal = (signal: PeerSignalReceived) => this.#onSignal(signal);
    const onSfu = (signal: { feed: string; description: SessionDescription }) => void this.#onSfu(signal.feed, signal.description);
    socket.on('media.settings', onSettings);
    socket.on('media.signal', onSignal);
    socket.on('media.sfu', onSfu);
    this.#off.push(() => socket.off('media.settings', onSettings), () => socket.off('media.signal', onSignal), () => socket.off('media.sfu', onSfu));
    this.#off.push(session.subscribe(() => this.#onSession()));
    if (typeof window !== 'undefined') window.__consiliumCall = { stats: () => this.stats(), snapshot: this.#snapshotGetter };
    // Already welcomed (the panel mounted after the connection came up): resume a call from before a reload now.
    this.#onSession();
  }

  get snapshot(): CallSnapshot {
    return this.#snapshot;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** The devices this tab last joined with, if it was in the call before a reload. */
  remembered(): { audio: boolean; video: boolean } | undefined {
    try {
      const raw = sessionStorage.getItem(rememberKey(this.session.snapshot.welcome?.sessionId ?? ''));
      return raw ? (JSON.parse(raw) as { audio: boolean; video: boolean }) : undefined;
    } catch {
      return undefined;
    }
  }

  async join(want: { audio: boolean; video: boolean }): Promise<void> {
    if (this.#snapshot.phase !== 'out') return;
    this.#update({ phase: 'joining', problem: undefined });
    const got = await acquireMedia(want, this.#snapshot.selected);
    this.#mic = got.audio;
    this.#camera = got.video;
    // 'off' when the participant chose audio only (the camera can be switched on later), 'none' when none could be had.
    const state: MediaState = { microphone: this.#mic ? 'on' : 'none', camera: this.#camera ? 'on' : want.video ? 'none' : 'off', screen: false };
    const ack = await this.#send('media.join', state);
    if (!ack.ok) {
      this.#stopTracks();
      this.#update({ phase: 'out', problem: ack.reason, local: { state: NO_DEVICES, preview: undefined } });
      return;
    }
    try {
      sessionStorage.setItem(rememberKey(this.session.snapshot.welcome?.sessionId ?? ''), JSON.stringify(want));
    } catch {
      // Private mode: the call is not resumed after a reload.
    }
    this.#update({ phase: 'in', problem: got.problem, local: { state, preview: this.#preview() } });
    this.#poll ??= setInterval(() => void this.#measureSpeakers(), 250);
    this.#reconcile();
    const devices = await listDevices();
    this.#update({ devices, selected: { microphoneId: this.#mic?.getSettings().deviceId, cameraId: this.#camera?.getSettings().deviceId } });
  }

  async leave(): Promise<void> {
    if (this.#snapshot.phase === 'out') return;
    try {
      sessionStorage.removeItem(rememberKey(this.session.snapshot.welcome?.sessionId ?? ''));
    } catch {
      // nothing remembered
    }
    this.#teardown();
    this.#stopTracks();
    this.#update({ phase: 'out', problem: undefined, local: { state: NO_DEVICES, preview: undefined }, remotes: [], speakingId: null });
    await this.#send('media.leave', {});
  }

  async setMuted(muted: boolean): Promise<void> {
    if (!this.#mic) return;
    this.#mic.enabled = !muted;
    await this.#setState({ microphone: muted ? 'muted' : 'on' });
  }

  async setCameraOff(off: boolean): Promise<void> {
    if (off) {
      this.#camera?.stop();
      this.#camera = undefined;
      await this.#pushTracks();
      await this.#setState({ camera: 'off' });
      return;
    }
    const got = await acquireMedia({ audio: false, video: true }, this.#snapshot.selected);
    if (!got.video) {
      this.#update({ problem: got.problem });
      return;
    }
    this.#camera = got.video;
    await this.#pushTracks();
    await this.#setState({ camera: 'on' });
  }

  async shareScreen(on: boolean): Promise<void> {
    if (on) {
      try {
        const stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: 15 } }, audio: false });
        this.#screen = stream.getVideoTracks()[0];
      } catch (error) {
        this.#update({ problem: describeMediaError(error, 'screen') });
        return;
      }
      this.#screen?.addEventListener('ended', () => void this.shareScreen(false));
    } else {
      this.#screen?.stop();
      this.#screen = undefined;
    }
    await this.#pushTracks();
    await this.#setState({ screen: on });
  }

  /** Switches to another microphone or camera without leaving the call. */
  async selectDevice(kind: 'microphone' | 'camera', deviceId: string): Promise<void> {
    const selected = { ...this.#snapshot.selected, [kind === 'microphone' ? 'microphoneId' : 'cameraId']: deviceId };
    this.#update({ selected });
    if (this.#snapshot.phase !== 'in') return;
    if (kind === 'camera' && this.#snapshot.local.state.camera !== 'on') return;
    const got = await acquireMedia({ audio: kind === 'microphone', video: kind === 'camera' }, selected);
    const track = kind === 'microphone' ? got.audio : got.video;
    if (!track) {
      this.#update({ problem: got.problem });
      return;
    }
    if (kind === 'microphone') {
      track.enabled = this.#snapshot.local.state.microphone !== 'muted';
      this.#mic?.stop();
      this.#mic = track;
      if (this.#snapshot.local.state.microphone === 'none') await this.#setState({ microphone: 'on' });
    } else {
      this.#camera?.stop();
      this.#camera = track;
    }
    await this.#pushTracks();
  }

  async stats(): Promise<ReceiveStats[]> {
    return Promise.all(
      [...this.#links.values()].map(async (link) => {
        const figures: ReceiveStats = { participantId: link.participantId, videoFramesDecoded: 0, videoWidth: 0, audioBytesReceived: 0, audioEnergy: 0 };
        (await link.pc.getStats()).forEach((report: Record<string, unknown>) => {
          if (report.type !== 'inbound-rtp') return;
          if (report.kind === 'video') {
            figures.videoFramesDecoded += Number(report.framesDecoded ?? 0);
            figures.videoWidth = Math.max(figures.videoWidth, Number(report.frameWidth ?? 0));
          } else if (report.kind === 'audio') {
            figures.audioBytesReceived += Number(report.bytesReceived ?? 0);
            figures.audioEnergy += Number(report.totalAudioEnergy ?? 0);
          }
        });
        return figures;
      }),
    );
  }

  close(): void {
    this.#teardown();
    this.#stopTracks();
    for (const off of this.#off) off();
    this.#listeners.clear();
    if (typeof window !== 'undefined' && window.__consiliumCall?.snapshot === this.#snapshotGetter) delete window.__consiliumCall;
  }

  readonly #snapshotGetter = () => this.#snapshot;

  #outgoing(): OutgoingTracks {
    return { audio: this.#mic ?? null, video: this.#screen ?? this.#camera ?? null };
  }

  #preview(): MediaStream | undefined {
    const video = this.#screen ?? this.#camera;
    return video ? new MediaStream([video]) : undefined;
  }

  async #pushTracks(): Promise<void> {
    const tracks = this.#outgoing();
    await Promise.all([...this.#links.values()].map((l) => l.setTracks(tracks)));
    await this.#publisher?.setTracks(tracks);
    this.#update({ local: { state: this.#snapshot.local.state, preview: this.#preview() } });
  }

  async #setState(patch: Partial<MediaState>): Promise<void> {
    const state = { ...this.#snapshot.local.state, ...patch };
    this.#update({ local: { state, preview: this.#preview() } });
    if (this.#snapshot.phase === 'in') await this.#send('media.update', state);
  }

  #send(type: 'media.join' | 'media.update' | 'media.leave', payload: object): Promise<Ack> {
    return this.session.send(type, payload as never).catch((): Ack => ({ ok: false, code: 'ProcessingFailure', reason: 'the session server did not answer' }));
  }

  #onSession(): void {
    const welcome = this.session.snapshot.welcome;
    if (welcome !== this.#welcome) {
      this.#welcome = welcome;
      if (welcome) this.#onWelcome(welcome);
    }
    this.#reconcile();
  }

  /** A (re)connect: the server starts everyone outside the call, so a participant who was in it joins again. */
  #onWelcome(welcome: SessionWelcome): void {
    this.#teardown();
    this.#update({ settings: welcome.media });
    if (this.#snapshot.phase === 'in') {
      void this.#send('media.join', this.#snapshot.local.state).then((ack) => {
        if (!ack.ok) this.#update({ problem: ack.reason });
        this.#reconcile();
      });
      return;
    }
    const remembered = this.#snapshot.phase === 'out' ? this.remembered() : undefined;
    if (remembered) void this.join(remembered);
  }

  #onSettings(settings: MediaSettings): void {
    const moved = settings.topology !== this.#snapshot.settings.topology;
    this.#update({ settings });
    if (moved) this.#teardown();
    this.#reconcile();
  }

  /** Connections to match who is in the call now, on the current topology. */
  #reconcile(): void {
    const me = this.session.participantId;
    if (this.#snapshot.phase !== 'in' || !me) return;
    const others = this.session.snapshot.participants.filter((p) => p.media && p.participantId !== me && p.connection === 'online');
    const ids = new Set(others.map((p) => p.participantId));
    for (const [id, link] of this.#links) {
      const callId = others.find((p) => p.participantId === id)?.media?.callId;
      const stale = !ids.has(id) || (link instanceof PeerLink && link.callId !== callId);
      if (stale) this.#dropLink(id);
    }
    if (this.#snapshot.settings.topology === 'p2p') {
      for (const p of others) if (!this.#links.has(p.participantId)) this.#peer(p.participantId, p.media!.callId);
    } else if (!this.#publisher) {
      void this.#publish();
    }
    this.#refreshRemotes();
  }

  #peer(participantId: string, callId: string): PeerLink {
    const me = this.session.participantId ?? '';
    const link = new PeerLink(
      participantId,
      callId,
      me < participantId,
      this.#snapshot.settings.iceServers,
      this.#outgoing(),
      (signal) => void this.session.send('media.signal', { to: participantId, callId, ...signal }).catch(() => undefined),
      (reason) => console.warn(`call: ${reason}`),
    );
    this.#watch(link);
    return link;
  }

  #watch(link: RemoteLink): void {
    this.#links.set(link.participantId, link);
    const refresh = () => this.#refreshRemotes();
    link.pc.addEventListener('connectionstatechange', refresh);
    link.pc.addEventListener('track', refresh);
  }

  async #publish(): Promise<void> {
    const publisher = new SfuPublisher(this.#snapshot.settings.iceServers, this.#outgoing());
    this.#publisher = publisher;
    // The media server went away (restarted, say): publish again a moment later; the others' subscriptions follow.
    publisher.pc.addEventListener('connectionstatechange', () => {
      if (publisher.pc.connectionState !== 'failed' || this.#publisher !== publisher) return;
      publisher.close();
      this.#publisher = undefined;
      setTimeout(() => this.#reconcile(), 2_000);
    });
    try {
      const offer = await publisher.offer();
      if (this.#publisher !== publisher) return;
      const ack = await this.session.send('media.sfu', { feed: 'self', description: offer });
      if (!ack.ok && this.#publisher === publisher) this.#update({ problem: `The media server did not take your video: ${ack.reason}` });
    } catch (error) {
      if (this.#publisher === publisher) this.#update({ problem: `Publishing to the media server failed (${error instanceof Error ? error.message : String(error)}).` });
    }
  }

  #onSignal(signal: PeerSignalReceived): void {
    if (this.#snapshot.phase !== 'in' || this.#snapshot.settings.topology !== 'p2p') return;
    let link = this.#links.get(signal.from);
    if (!(link instanceof PeerLink) || link.callId !== signal.fromCallId) {
      if (link) this.#dropLink(signal.from);
      link = this.#peer(signal.from, signal.fromCallId);
    }
    (link as PeerLink).receive(signal);
  }

  async #onSfu(feed: string, description: SessionDescription): Promise<void> {
    if (this.#snapshot.phase !== 'in' || this.#snapshot.settings.topology !== 'sfu') return;
    if (feed === 'self') {
      await this.#publisher?.answered(description).catch((error: unknown) => this.#update({ problem: `The media server's answer did not apply (${String(error)}).` }));
      return;
    }
    this.#dropLink(feed);
    const subscription = new SfuSubscription(feed, this.#snapshot.settings.iceServers);
    this.#watch(subscription);
    this.#refreshRemotes();
    try {
      const answer = await subscription.answer(description);
      if (this.#links.get(feed) === subscription) await this.session.send('media.sfu', { feed, description: answer });
    } catch (error) {
      console.warn('call: a subscription could not start', error);
    }
  }

  #dropLink(participantId: string): void {
    this.#links.get(participantId)?.close();
    this.#links.delete(participantId);
  }

  #teardown(): void {
    for (const id of [...this.#links.keys()]) this.#dropLink(id);
    this.#publisher?.close();
    this.#publisher = undefined;
    if (this.#snapshot.phase !== 'in') {
      clearInterval(this.#poll);
      this.#poll = undefined;
    }
    this.#refreshRemotes();
  }

  #stopTracks(): void {
    for (const track of [this.#mic, this.#camera, this.#screen]) track?.stop();
    this.#mic = this.#camera = this.#screen = undefined;
    clearInterval(this.#poll);
    this.#poll = undefined;
  }

  #refreshRemotes(): void {
    const me = this.session.participantId;
    const remotes: RemoteMedia[] = this.#snapshot.phase !== 'in' ? [] : this.session.snapshot.participants
      .filter((p) => p.media && p.participantId !== me && p.connection === 'online')
      .map((p): RemoteMedia => {
        const link = this.#links.get(p.participantId);
        return { participantId: p.participantId, name: p.name, colour: p.colour, media: p.media!, stream: link?.stream, connection: link ? link.pc.connectionState : 'waiting' };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
    this.#update({ remotes });
  }

  /**
   * Audio levels of everyone heard (and of this participant's own microphone)
   * since the last poll, for the active-speaker highlight: RMS from the stats'
   * energy totals (see AudioEnergyMeter), the last packet's level where a
   * browser lacks them.
   */
  async #measureSpeakers(): Promise<void> {
    const levels = new Map<string, number>();
    await Promise.all(
      [...this.#links.values()].map(async (link) => {
        const totals = audioTotalsOf(await link.pc.getStats(), 'inbound-rtp');
        const level = totals
          ? this.#energy.level(link.participantId, totals)
          : link.pc.getReceivers().find((r) => r.track.kind === 'audio')?.getSynchronizationSources()[0]?.audioLevel;
        if (level !== undefined) levels.set(link.participantId, level);
      }),
    );
    const me = this.session.participantId;
    const sending = this.#publisher?.pc ?? this.#links.values().next().value?.pc;
    if (me && sending && this.#mic?.enabled) {
      const totals = audioTotalsOf(await sending.getStats(), 'media-source');
      const level = totals ? this.#energy.level(me, totals) : undefined;
      if (level !== undefined) levels.set(me, level);
    }
    this.#energy.keepOnly(new Set([...this.#links.keys(), ...(me ? [me] : [])]));
    const next = nextSpeaker(levels, this.#speaker, Date.now());
    this.#speaker = next;
    if (next.id !== this.#snapshot.speakingId) this.#update({ speakingId: next.id });
  }

  #update(patch: Partial<CallSnapshot>): void {
    this.#snapshot = { ...this.#snapshot, ...patch };
    for (const listener of [...this.#listeners]) listener();
  }
}
