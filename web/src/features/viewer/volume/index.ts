import { createElement } from 'react';

/**
 * The viewer's MPR and 3D views. The toolbar's "MPR" and "3D" buttons switch the
 * viewport area to these components; this placeholder is replaced by the volume
 * implementation.
 */
export interface VolumeViewProps {
  imageIds: string[];
  seriesInstanceUid: string;
}

function Placeholder({ text }: { text: string }) {
  return createElement('div', { role: 'status', style: { padding: 24, color: 'var(--muted)' } }, text);
}

export function MprView(_props: VolumeViewProps) {
  return createElement(Placeholder, { text: 'MPR not available yet' });
}

export function VolumeView(_props: VolumeViewProps) {
  return createElement(Placeholder, { text: '3D not available yet' });
}
