'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { findWindowPreset } from '../logic/windowLevel';
import { DEFAULT_MPR_SETTINGS, MprToolbar, type MprSettings } from './MprToolbar';
import { VolumeStatus } from './VolumeStatus';
import { VolumeViewportCell } from './VolumeViewportCell';
import { applySlab, applyWindow, setMprPrimaryTool } from './mprDisplay';
import { useStreamingVolume } from './useStreamingVolume';
import { useVolumeViewports } from './useVolumeViewports';
import styles from './volume.module.css';
import { MPR_VIEWPORTS } from './volumeViewports';
import { MPR_SLAB_REQUEST_EVENT, type MprSlabRequest } from './viewEvents';

export interface VolumeViewProps {
  /** Cornerstone `wadors:` image ids of one series; their metadata is already registered. */
  imageIds: string[];
  seriesInstanceUid: string;
}

/**
 * Multiplanar reformation: axial, sagittal and coronal planes of one streaming
 * volume, linked by crosshairs whose reference lines show where the other
 * planes cut, with MIP/MinIP/average slabs and the stack's window presets.
 */
export function MprView({ imageIds, seriesInstanceUid }: VolumeViewProps) {
  const volume = useStreamingVolume(imageIds, seriesInstanceUid, { progressive: true });
  const elements = useRef<Partial<Record<string, HTMLDivElement | null>>>({});
  const container = useRef<HTMLDivElement>(null);
  const viewports = useVolumeViewports(MPR_VIEWPORTS, elements, container, volume, 'mpr');
  const [settings, setSettings] = useState<MprSettings>(DEFAULT_MPR_SETTINGS);

  useEffect(() => {
    if (viewports) setMprPrimaryTool(settings.primaryTool);
  }, [viewports, settings.primaryTool]);
  useEffect(() => {
    if (viewports) applyWindow(viewports, findWindowPreset(settings.windowPreset));
  }, [viewports, settings.windowPreset]);
  useEffect(() => {
    if (viewports) applySlab(viewports, settings.projection, settings.slabThicknessMm);
  }, [viewports, settings.projection, settings.slabThicknessMm]);

  // A follower's toolbar shows, and keeps, its presenter's projection and slab.
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const onRequest = (event: Event) => {
      const { projection, slabThicknessMm } = (event as CustomEvent<MprSlabRequest>).detail;
      setSettings((s) => {
        const thickness = projection === 'thin' || slabThicknessMm === undefined ? s.slabThicknessMm : slabThicknessMm;
        return s.projection === projection && s.slabThicknessMm === thickness ? s : { ...s, projection, slabThicknessMm: thickness };
      });
    };
    element.addEventListener(MPR_SLAB_REQUEST_EVENT, onRequest);
    return () => element.removeEventListener(MPR_SLAB_REQUEST_EVENT, onRequest);
  }, []);

  const reset = useCallback(() => {
    setSettings((s) => ({ ...DEFAULT_MPR_SETTINGS, primaryTool: s.primaryTool }));
    for (const viewport of viewports ?? []) {
      viewport.resetCamera();
      viewport.render();
    }
  }, [viewports]);

  return (
    <section className={styles.root} aria-label="MPR">
      <MprToolbar settings={settings} onChange={setSettings} onReset={reset} disabled={!viewports} />
      <VolumeStatus state={volume} />
      <div ref={container} className={`${styles.grid} ${styles.mprGrid}`} hidden={volume.status === 'error'}>
        {MPR_VIEWPORTS.map(({ viewportId, label }) => (
          <VolumeViewportCell
            key={viewportId}
            viewportId={viewportId}
            label={label}
            viewport={viewports?.find((v) => v.id === viewportId)}
            elementRef={(element) => {
              elements.current[viewportId] = element;
            }}
          />
        ))}
      </div>
    </section>
  );
}
