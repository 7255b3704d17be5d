'use client';

import dynamic from 'next/dynamic';

/**
 * The viewer's MPR and 3D views. Cornerstone touches WebGL and `window` at
 * import, so both load on the client only (FIELD-NOTES), in their own chunk
 * that the stack viewer does not pay for until the user opens MPR or 3D.
 */
export const MprView = dynamic(() => import('./MprView').then((m) => m.MprView), { ssr: false });
export const VolumeView = dynamic(() => import('./VolumeView').then((m) => m.VolumeView), { ssr: false });
export type { VolumeViewProps } from './MprView';
export type { ConsiliumVolumeHandle, CanvasSnapshot, VolumeViewportName } from './volumeTestHandle';
