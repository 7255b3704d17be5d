'use client';

import type { VolumeLoadState } from './useStreamingVolume';
import styles from './volume.module.css';

/**
 * The volume's progress while frames stream (the planes already show what has
 * arrived) and the reason when the series cannot form a volume.
 */
export function VolumeStatus({ state }: { state: VolumeLoadState }) {
  switch (state.status) {
    case 'ready':
      return state.framesFailed > 0 ? (
        <p role="alert" className={styles.warning} data-testid="volume-warning">
          {state.framesFailed} of {state.framesTotal} slices could not be loaded; the volume has gaps.
        </p>
      ) : null;
    case 'error':
      return (
        <p role="alert" className={styles.error} data-testid="volume-error">
          {state.message}
        </p>
      );
    case 'checking':
      return (
        <div className={styles.progress} data-testid="volume-progress" aria-live="polite">
          Preparing volume…
        </div>
      );
    case 'loading': {
      const percent = state.framesTotal ? Math.round((100 * state.framesLoaded) / state.framesTotal) : 0;
      return (
        <div className={styles.progress} data-testid="volume-progress">
          <span>
            Loading volume: {state.framesLoaded} / {state.framesTotal} slices
          </span>
          <progress max={state.framesTotal} value={state.framesLoaded} aria-label={`Volume ${percent}% loaded`} />
        </div>
      );
    }
    default:
      return exhaustive(state);
  }
}

function exhaustive(value: never): never {
  throw new Error(`unhandled volume state ${JSON.stringify(value)}`);
}
