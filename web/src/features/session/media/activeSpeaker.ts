/** Audio level (0..1, as RTCRtpSynchronizationSource.audioLevel) above which a participant is speaking: about -34 dBov. */
export const SPEAKING_LEVEL = 0.02;
/** The highlight stays this long after the speaker falls quiet, so it does not flicker between words. */
export const SPEAKER_HOLD_MS = 1_200;

export interface SpeakerState {
  id: string | null;
  since: number;
}

/**
 * The active speaker from participants' current audio levels: the loudest
 * above the threshold; the previous speaker is held a moment after falling
 * quiet (or being out-shouted by a cough), like conferencing tools do.
 */
export function nextSpeaker(levels: ReadonlyMap<string, number>, previous: SpeakerState, now: number): SpeakerState {
  let loudest: string | null = null;
  let level = SPEAKING_LEVEL;
  for (const [id, l] of levels) {
    if (l > level) {
      loudest = id;
      level = l;
    }
  }
  if (loudest === previous.id) return { id: loudest, since: now };
  if (previous.id !== null && levels.has(previous.id) && now - previous.since < SPEAKER_HOLD_MS) return previous;
  return loudest ? { id: loudest, since: now } : { id: null, since: now };
}

/** Cumulative audio figures of a WebRTC stats report (inbound-rtp or media-source of kind audio). */
export interface AudioTotals {
  /** Sum of squared levels (0..1) times seconds: RTCInboundRtpStreamStats/RTCAudioSourceStats.totalAudioEnergy. */
  totalAudioEnergy: number;
  totalSamplesDuration: number;
}

/**
 * The RMS level of each audio stream over the time since it was last asked
 * (the WebRTC statistics spec's way: sqrt(Δenergy / Δduration)). Unlike the level
 * of the last packet (`audioLevel`), a short syllable between two polls is
 * not missed: the energy of everything heard in between counts.
 */
export class AudioEnergyMeter {
  readonly #last = new Map<string, AudioTotals>();

  /** The level since the previous call for `key`; undefined on the first call and when no audio was counted since. */
  level(key: string, totals: AudioTotals): number | undefined {
    const previous = this.#last.get(key);
    this.#last.set(key, totals);
    if (!previous) return undefined;
    const duration = totals.totalSamplesDuration - previous.totalSamplesDuration;
    const energy = totals.totalAudioEnergy - previous.totalAudioEnergy;
    if (!(duration > 0) || energy < 0) return undefined;
    return Math.min(1, Math.sqrt(energy / duration));
  }

  /** Forgets streams not in `keys` (participants who left). */
  keepOnly(keys: ReadonlySet<string>): void {
    for (const key of this.#last.keys()) if (!keys.has(key)) this.#last.delete(key);
  }
}

/** The audio totals in a stats report of `type` ('inbound-rtp' received, 'media-source' sent), when it has them. */
export function audioTotalsOf(report: RTCStatsReport, type: 'inbound-rtp' | 'media-source'): AudioTotals | undefined {
  let found: AudioTotals | undefined;
  report.forEach((entry: Record<string, unknown>) => {
    if (entry.type !== type || entry.kind !== 'audio') return;
    const { totalAudioEnergy, totalSamplesDuration } = entry;
    if (typeof totalAudioEnergy === 'number' && typeof totalSamplesDuration === 'number') found = { totalAudioEnergy, totalSamplesDuration };
  });
  return found;
}
