'use client';

import { useEffect, useRef } from 'react';
import type { MediaState } from '@consilium/shared';
import styles from './call.module.css';

export interface VideoTileProps {
  participantId: string;
  name: string;
  colour: string;
  state: MediaState;
  stream: MediaStream | undefined;
  speaking: boolean;
  /** This participant's own picture: mirrored, never played aloud. */
  self?: boolean;
  connection?: string;
}

/** One participant in the call: their picture (or initials with the camera off), name, muted and speaking marks. */
export function VideoTile({ participantId, name, colour, state, stream, speaking, self = false, connection }: VideoTileProps) {
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const element = video.current;
    if (!element || element.srcObject === (stream ?? null)) return;
    element.srcObject = stream ?? null;
    if (stream) void element.play().catch(() => undefined);
  }, [stream]);
  const showsVideo = state.camera === 'on' || state.screen;
  const initials = name
    .split(/\s+/)
    .map((w) => w[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();
  const status = [state.microphone === 'muted' ? 'muted' : state.microphone === 'none' ? 'no microphone' : '', !showsVideo ? 'camera off' : '', state.screen ? 'sharing screen' : '', speaking ? 'speaking' : '']
    .filter(Boolean)
    .join(', ');
  return (
    <figure
      className={`${styles.tile} ${speaking ? styles.speaking : ''}`}
      style={{ ['--tile-colour' as string]: colour }}
      data-testid="call-tile"
      data-participant-id={participantId}
      data-self={String(self)}
      data-microphone={state.microphone}
      data-camera={state.camera}
      data-screen={String(state.screen)}
      data-speaking={String(speaking)}
      data-connection={connection ?? ''}
      aria-label={`${self ? 'You' : name}${status ? ` (${status})` : ''}`}
    >
      <video ref={video} className={`${styles.video} ${self && !state.screen ? styles.mirrored : ''}`} autoPlay playsInline muted={self} hidden={!showsVideo} />
      {!showsVideo && (
        <span className={styles.initials} aria-hidden="true">
          {initials}
        </span>
      )}
      <figcaption className={styles.caption}>
        <span className={styles.name}>{self ? 'You' : name}</span>
        {state.microphone === 'muted' && <span title="Muted" aria-hidden="true">🔇</span>}
        {state.screen && <span title="Sharing a screen" aria-hidden="true">🖥</span>}
        {connection && connection !== 'connected' && connection !== 'waiting' && <span className={styles.warn}>{connection}</span>}
      </figcaption>
    </figure>
  );
}
