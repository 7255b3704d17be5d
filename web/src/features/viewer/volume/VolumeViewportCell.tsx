'use client';

import { Enums, type Types } from '@cornerstonejs/core';
import { useEffect, useState } from 'react';
import { type OrientationMarkers, type Vec3, orientationMarkersForCamera } from '../logic/orientationMarkers';
import styles from './volume.module.css';

interface Props {
  viewportId: string;
  label: string;
  viewport: Types.IVolumeViewport | undefined;
  /** Receives the element Cornerstone renders into. */
  elementRef: (element: HTMLDivElement | null) => void;
  showOrientation?: boolean;
}

/**
 * One viewport of the volume views: the element Cornerstone draws on (its id
 * is the data-testid), the plane's name and the orientation markers, which
 * follow the camera as crosshairs rotate a plane.
 */
export function VolumeViewportCell({ viewportId, label, viewport, elementRef, showOrientation = true }: Props) {
  const markers = useOrientationMarkers(viewport, showOrientation);
  return (
    <div className={styles.cell}>
      <div ref={elementRef} className={styles.viewport} data-testid={viewportId} onContextMenu={(e) => e.preventDefault()} />
      <span className={styles.label}>{label}</span>
      {markers && (
        <>
          <span className={`${styles.marker} ${styles.markerTop}`}>{markers.top}</span>
          <span className={`${styles.marker} ${styles.markerBottom}`}>{markers.bottom}</span>
          <span className={`${styles.marker} ${styles.markerLeft}`}>{markers.left}</span>
          <span className={`${styles.marker} ${styles.markerRight}`}>{markers.right}</span>
        </>
      )}
    </div>
  );
}

function useOrientationMarkers(viewport: Types.IVolumeViewport | undefined, enabled: boolean): OrientationMarkers | undefined {
  const [markers, setMarkers] = useState<OrientationMarkers>();
  useEffect(() => {
    if (!viewport || !enabled) return;
    const update = () => {
      const { viewUp, viewPlaneNormal } = viewport.getCamera();
      if (viewUp && viewPlaneNormal) setMarkers(orientationMarkersForCamera(viewUp as unknown as Vec3, viewPlaneNormal as unknown as Vec3));
    };
    update();
    viewport.element.addEventListener(Enums.Events.CAMERA_MODIFIED, update);
    return () => viewport.element.removeEventListener(Enums.Events.CAMERA_MODIFIED, update);
  }, [viewport, enabled]);
  return enabled ? markers : undefined;
}
