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
