import { type Types, metaData } from '@cornerstonejs/core';
import { type OrientationMarkers, type Vec3, cross, orientationMarkersForCamera } from '../logic/orientationMarkers';
import { type WindowLevel, toWindowLevel } from '../logic/windowLevel';

/** What the overlays of one stack viewport show, read from Cornerstone after each render. */
export interface ViewportSnapshot {
  index: number;
  total: number;
  hasImage: boolean;
  windowLevel: WindowLevel | undefined;
  invert: boolean;
  zoom: number;
  markers: OrientationMarkers | undefined;
  /** Size of one screen (CSS) pixel in mm; undefined before the first image. */
  mmPerScreenPixel: number | undefined;
  locationMm: number | undefined;
}

export const EMPTY_SNAPSHOT: ViewportSnapshot = {
  index: 0,
  total: 0,
  hasImage: false,
  windowLevel: undefined,
  invert: false,
  zoom: 1,
  markers: undefined,
  mmPerScreenPixel: undefined,
  locationMm: undefined,
};

interface ImagePlane {
  imagePositionPatient?: number[];
  rowCosines?: number[];
  columnCosines?: number[];
  sliceLocation?: number;
}

export function readSnapshot(viewport: Types.IStackViewport): ViewportSnapshot {
  const imageId = viewport.getCurrentImageId();
  const hasImage = !!imageId && !!viewport.getImageData();
  if (!hasImage) return { ...EMPTY_SNAPSHOT, index: viewport.getCurrentImageIdIndex(), total: viewport.getImageIds().length };
  const { voiRange, invert } = viewport.getProperties();
  const camera = viewport.getCamera();
  const height = viewport.element.clientHeight;
  return {
    index: viewport.getCurrentImageIdIndex(),
    total: viewport.getImageIds().length,
    hasImage,
    windowLevel: voiRange ? toWindowLevel(voiRange) : undefined,
    invert: invert ?? false,
    zoom: viewport.getZoom(),
    markers: camera.viewUp && camera.viewPlaneNormal ? orientationMarkersForCamera(camera.viewUp as Vec3, camera.viewPlaneNormal as Vec3) : undefined,
    mmPerScreenPixel: camera.parallelScale && height > 0 ? (2 * camera.parallelScale) / height : undefined,
    locationMm: sliceLocation(imageId),
  };
}

/** Slice Location when the image has one, else the position along the slice normal (PS3.3 C.7.6.2.1.1). */
function sliceLocation(imageId: string): number | undefined {
  const plane = metaData.get('imagePlaneModule', imageId) as ImagePlane | undefined;
  if (!plane) return undefined;
  if (typeof plane.sliceLocation === 'number') return plane.sliceLocation;
  const { imagePositionPatient: p, rowCosines: r, columnCosines: c } = plane;
  if (p?.length !== 3 || r?.length !== 3 || c?.length !== 3) return undefined;
  const n = cross(r as unknown as Vec3, c as unknown as Vec3);
  return p.reduce((sum, v, i) => sum + v * n[i]!, 0);
}
