'use client';

import type { Types } from '@cornerstonejs/core';
import { useEffect, useRef, useState } from 'react';
import type { VolumeViewProps } from './MprView';
import { VolumeStatus } from './VolumeStatus';
import { VolumeViewportCell } from './VolumeViewportCell';
import { PRESET_DATA_KEY, PRESET_REQUEST_EVENT, VIEW_CHANGED_EVENT } from './viewEvents';
import { isSoftwareRenderer } from './isSoftwareRenderer';
import { type VolumeLoadState, useStreamingVolume } from './useStreamingVolume';
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
/** The 3D viewport gets the volume once it is complete: a ray cast of a half-loaded volume shows nothing useful. */
const LOADING: VolumeLoadState = { status: 'checking' };

/**
 * Ray step as a multiple of Cornerstone's default (a sixth of the voxel
 * diagonal, ~0.44 mm here) on a CPU rasteriser; a GPU keeps full sampling.
 */
const SOFTWARE_SAMPLE_DISTANCE_MULTIPLIER = 4;

/**
 * Applies a transfer-function preset. On a CPU rasteriser (SwiftShader: ~100 s
 * a frame for a 512x512x220 CT with the presets' gradient shading) the rays
 * step 4x coarser and shading is off, which brings a frame to seconds.
 */
function applyPreset(viewport: Types.IVolumeViewport, preset: VolumePreset, software: boolean): void {
  viewport.setProperties({ preset, ...(software ? { sampleDistanceMultiplier: SOFTWARE_SAMPLE_DISTANCE_MULTIPLIER } : {}) });
  if (software) (viewport.getDefaultActor()?.actor as Types.VolumeActor | undefined)?.getProperty().setShade(false);
  viewport.render();
  viewport.element.dataset[PRESET_DATA_KEY] = preset;
  viewport.element.dispatchEvent(new CustomEvent(VIEW_CHANGED_EVENT));
}

function isVolumePreset(value: unknown): value is VolumePreset {
  return VOLUME_PRESETS.some((p) => p.preset === value);
}

/**
 * Volume rendering of one series in a VOLUME_3D viewport: left-drag rotates
 * (trackball), right-drag or the wheel zooms, middle-drag pans.
 */
export function VolumeView({ imageIds, seriesInstanceUid }: VolumeViewProps) {
  const volume = useStreamingVolume(imageIds, seriesInstanceUid, { progressive: false });
  const elements = useRef<Partial<Record<string, HTMLDivElement | null>>>({});
  const container = useRef<HTMLDivElement>(null);
  /** The preset the viewport shows; the button state may run ahead of it until the viewport exists. */
  const applied = useRef<VolumePreset>(DEFAULT_PRESET);
  const viewports = useVolumeViewports(VOLUME_3D_VIEWPORTS, elements, container, volume.status === 'ready' ? volume : LOADING, 'volume3d', ([first]) => {
    if (first) applyPreset(first, DEFAULT_PRESET, isSoftwareRenderer());
    applied.current = DEFAULT_PRESET;
  });
  const [preset, setPreset] = useState<VolumePreset>(DEFAULT_PRESET);
  const viewport = viewports?.[0];

  useEffect(() => {
    if (!viewport || applied.current === preset) return;
    applyPreset(viewport, preset, isSoftwareRenderer());
    applied.current = preset;
  }, [viewport, preset]);

  // A follower is asked to show its presenter's preset.
  useEffect(() => {
    const element = viewport?.element;
    if (!element) return;
    const onRequest = (event: Event) => {
      const wanted = (event as CustomEvent<unknown>).detail;
      if (isVolumePreset(wanted)) setPreset(wanted);
    };
    element.addEventListener(PRESET_REQUEST_EVENT, onRequest);
    return () => element.removeEventListener(PRESET_REQUEST_EVENT, onRequest);
  }, [viewport]);

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
        {viewport && isSoftwareRenderer() && <span className={styles.hint}>No GPU: simplified rendering (coarser, unshaded)</span>}
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
