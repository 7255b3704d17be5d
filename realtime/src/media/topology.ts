import type { IceServer, MediaSettings } from '@consilium/shared';
import type { SfuEngine } from './SfuEngine.js';

/** How calls are carried: `auto` is peer-to-peer up to the limit, then the SFU (when one is configured). */
export interface MediaPolicy {
  mode: 'auto' | 'p2p' | 'sfu';
  p2pLimit: number;
  iceServers: IceServer[];
  sfu: SfuEngine | undefined;
}

/**
 * The call's settings for `inCall` participants. A pure function of the
 * roster, so every realtime process serving the room computes the same one,
 * and a room that shrinks back under the limit returns to peer-to-peer (as
 * Jitsi's P2P mode does) without anyone re-joining by hand.
 */
export function mediaSettingsFor(inCall: number, policy: MediaPolicy): MediaSettings {
  const { sfu } = policy;
  if (!sfu || policy.mode === 'p2p') return { topology: 'p2p', iceServers: policy.iceServers, maxParticipants: policy.p2pLimit };
  const topology = policy.mode === 'sfu' || inCall > policy.p2pLimit ? 'sfu' : 'p2p';
  return { topology, iceServers: policy.iceServers, maxParticipants: sfu.maxParticipants };
}

export function sameSettings(a: MediaSettings, b: MediaSettings): boolean {
  return a.topology === b.topology && a.maxParticipants === b.maxParticipants;
}
