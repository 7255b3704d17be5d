import type { Types } from '@cornerstonejs/core';

export type VolumeViewportName = 'axial' | 'sagittal' | 'coronal' | '3d';

/** A viewport's canvas as 8-bit luminance, with its scale, for pixel statistics in tests. */
export interface CanvasSnapshot {
  width: number;
  height: number;
  /** Millimetres per canvas pixel along the rows (from the camera, not assumed). */
  mmPerPixel: number;
  /** width·height luminance bytes (Rec. 601), base64. */
  luminanceBase64: string;
  camera: { focalPoint: number[]; viewPlaneNormal: number[]; viewUp: number[]; parallelScale: number };
}

/**
 * What the MPR and 3D views expose on `window.__consiliumVolume`: the live
 * Cornerstone viewports, the load status and the moment the volume was ready,
 * so end-to-end tests and the benchmark read pixels and timings instead of
 * guessing from the DOM.
 */
export interface ConsiliumVolumeHandle {
  viewports: Partial<Record<VolumeViewportName, Types.IVolumeViewport>>;
  status: 'checking' | 'loading' | 'ready' | 'error';
  framesLoaded: number;
  framesTotal: number;
  /** performance.now() when every mounted viewport had rendered the fully loaded volume. */
  readyAtMs?: number;
  /** performance.now() when the first view of the volume mounted. */
  mountedAtMs?: number;
  snapshot(name: VolumeViewportName): CanvasSnapshot | undefined;
  /**
   * Mean luminance (0–255) of the 3x3 canvas pixels where each patient point
   * (LPS mm) projects; undefined for a point outside the canvas.
   */
  probe(name: VolumeViewportName, points: readonly (readonly [number, number, number])[]): (number | undefined)[] | undefined;
}

declare global {
  interface Window {
    __consiliumVolume?: ConsiliumVolumeHandle;
  }
}

/** The page's handle, created on first use. */
export function volumeHandle(): ConsiliumVolumeHandle {
  window.__consiliumVolume ??= { viewports: {}, status: 'checking', framesLoaded: 0, framesTotal: 0, snapshot, probe };
  return window.__consiliumVolume;
}

function snapshot(name: VolumeViewportName): CanvasSnapshot | undefined {
  const viewport = window.__consiliumVolume?.viewports[name];
  if (!viewport) return undefined;
  const canvas = viewport.getCanvas();
  const context = canvas.getContext('2d');
  if (!context) return undefined;
  const { width, height } = canvas;
  const rgba = context.getImageData(0, 0, width, height).data;
  const luminance = new Uint8Array(width * height);
  for (let i = 0; i < luminance.length; i++) {
    luminance[i] = Math.round(0.299 * (rgba[i * 4] ?? 0) + 0.587 * (rgba[i * 4 + 1] ?? 0) + 0.114 * (rgba[i * 4 + 2] ?? 0));
  }
  const left = viewport.canvasToWorld([0, canvas.clientHeight / 2]);
  const right = viewport.canvasToWorld([canvas.clientWidth, canvas.clientHeight / 2]);
  const camera = viewport.getCamera();
  return {
    width,
    height,
    mmPerPixel: Math.hypot(right[0] - left[0], right[1] - left[1], right[2] - left[2]) / width,
    luminanceBase64: toBase64(luminance),
    camera: {
      focalPoint: [...(camera.focalPoint ?? [])],
      viewPlaneNormal: [...(camera.viewPlaneNormal ?? [])],
      viewUp: [...(camera.viewUp ?? [])],
      parallelScale: camera.parallelScale ?? 0,
    },
  };
}

function probe(name: VolumeViewportName, points: readonly (readonly [number, number, number])[]): (number | undefined)[] | undefined {
  const viewport = window.__consiliumVolume?.viewports[name];
  const canvas = viewport?.getCanvas();
  const context = canvas?.getContext('2d');
  if (!viewport || !canvas || !context) return undefined;
  const scale = canvas.width / (canvas.clientWidth || canvas.width);
  return points.map((point) => {
    const [cx, cy] = viewport.worldToCanvas([point[0], point[1], point[2]]);
    const x = Math.round(cx * scale);
    const y = Math.round(cy * scale);
    if (x < 1 || y < 1 || x >= canvas.width - 1 || y >= canvas.height - 1) return undefined;
    const rgba = context.getImageData(x - 1, y - 1, 3, 3).data;
    let sum = 0;
    for (let i = 0; i < 9; i++) sum += 0.299 * (rgba[i * 4] ?? 0) + 0.587 * (rgba[i * 4 + 1] ?? 0) + 0.114 * (rgba[i * 4 + 2] ?? 0);
    return sum / 9;
  });
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}
