import { Enums } from '@cornerstonejs/core';
import type { VolumeViewportName } from './volumeTestHandle';

/** A viewport the volume views create in the shared rendering engine; the id is also its data-testid. */
export interface VolumeViewportDefinition {
  name: VolumeViewportName;
  viewportId: string;
  label: string;
  type: Enums.ViewportType;
  orientation: Enums.OrientationAxis;
}

/** The three orthogonal planes of MPR, in the order radiologists read them. */
export const MPR_VIEWPORTS: readonly VolumeViewportDefinition[] = [
  { name: 'axial', viewportId: 'mpr-axial', label: 'Axial', type: Enums.ViewportType.ORTHOGRAPHIC, orientation: Enums.OrientationAxis.AXIAL },
  { name: 'sagittal', viewportId: 'mpr-sagittal', label: 'Sagittal', type: Enums.ViewportType.ORTHOGRAPHIC, orientation: Enums.OrientationAxis.SAGITTAL },
  { name: 'coronal', viewportId: 'mpr-coronal', label: 'Coronal', type: Enums.ViewportType.ORTHOGRAPHIC, orientation: Enums.OrientationAxis.CORONAL },
];

/** The volume rendering, seen from the front (a coronal camera) as a chest radiograph is. */
export const VOLUME_3D_VIEWPORTS: readonly VolumeViewportDefinition[] = [
  { name: '3d', viewportId: 'volume-3d', label: '3D', type: Enums.ViewportType.VOLUME_3D, orientation: Enums.OrientationAxis.CORONAL },
];
