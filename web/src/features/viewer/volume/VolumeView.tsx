'use client';

import { useEffect, useRef, useState } from 'react';
import type { VolumeViewProps } from './MprView';
import { VolumeStatus } from './VolumeStatus';
import { VolumeViewportCell } from './VolumeViewportCell';
import { isSoftwareRenderer } from './isSoftwareRenderer';
import { useStreamingVolume } from './useStreamingVolume';
import { useVolumeViewports } from './useVolumeViewports';
import styles from './volume.module.css';
import { VOLUME_3D_VIEWPORTS } from './volumeViewports';

/**
 * Transfer-function presets of Cornerstone's VIEWPORT_PRESETS (colour and
 * opacity over HU) for the three questions a chest CT rendering answers.
 */
export const VOLUME_PRESETS = [
  { preset: 'CT-Bone', label: 'Bone' },
  { preset: 'CT-Soft-Tissue', label: 'Soft tissue' },
  { preset: 'CT-Lung', label: 'Lung' },
] as const;
export type VolumePreset = (typeof VOLUME_PRESETS)[number]['preset'];

const DEFINITION = VOLUME_3D_VIEWPORTS[0];
const DEFAULT_PRESET: VolumePreset = 'CT-Bone';

/**
 * Ray step as a multiple of Cornerstone's default (a sixth of the voxel
 * diagonal, ~0.44 mm here): on a CPU rasteriser a 4x coarser step keeps a frame
 * to about a second at the cost of finer detail; a GPU keeps full sampling.
 */
const SOFTWARE_SAMPLE_DISTANCE_MULTIPLIER = 4;

/**
 * Volume rendering of one series in a VOLUME_3D viewport: left-drag rotates
 * (trackball), right-drag or the wheel zooms, middle-drag pans.
 */
export function VolumeView({ imageIds, seriesInstanceUid }: VolumeViewProps) {
  const volume = useStreamingVolume(imageIds, seriesInstanceUid);
  const elements = useRef<Partial<Record<string, HTMLDivElement | null>>>({});
  const container = useRef<HTMLDivElement>(null);
  const viewports = useVolumeViewports(VOLUME_3D_VIEWPORTS, elements, container, volume, 'volume3d', ([first]) =>
    first?.setProperties({ preset: DEFAULT_PRESET, ...(isSoftwareRenderer() ? { sampleDistanceMultiplier: SOFTWARE_SAMPLE_DISTANCE_MULTIPLIER } : {}) }),
  );
  const [preset, setPreset] = useState<VolumePreset>(DEFAULT_PRESET);
  const viewport = viewports?.[0];

  useEffect(() => {
    if (!viewport) return;
    viewport.setProperties({ preset });
    viewport.render();
  }, [viewport, preset]);

  if (!DEFINITION) return null;
  return (
    <section className={styles.root} aria-label="3D">
      <div className={styles.toolbar} role="toolbar" aria-label="3D">
        <div className={styles.segmented} role="group" aria-label="Rendering preset">
          {VOLUME_PRESETS.map((p) => (
            <button key={p.preset} type="button" aria-pressed={preset === p.preset} onClick={() => setPreset(p.preset)} disabled={!viewport}>
              {p.label}
            </button>
          ))}
        </div>
        <button
          type="button"
          disabled={!viewport}
          onClick={() => {
            viewport?.resetCamera();
            viewport?.render();
          }}
        >
          Reset view
        </button>
        <span className={styles.hint}>Drag to rotate · right-drag or wheel to zoom · middle-drag to pan</span>
      </div>
      <VolumeStatus state={volume} />
      <div ref={container} className={styles.grid} hidden={volume.status === 'error'}>
        <VolumeViewportCell
          viewportId={DEFINITION.viewportId}
          label={DEFINITION.label}
          viewport={viewport}
          showOrientation={false}
          elementRef={(element) => {
            elements.current[DEFINITION.viewportId] = element;
          }}
        />
      </div>
    </section>
  );
}
