'use client';

import { CT_WINDOW_PRESETS } from '../logic/windowLevel';
import { type MprPrimaryTool, SLAB_PROJECTIONS, SLAB_THICKNESS_RANGE_MM, type SlabProjection } from './mprDisplay';
import styles from './volume.module.css';

export interface MprSettings {
  primaryTool: MprPrimaryTool;
  /** A name of CT_WINDOW_PRESETS, or '' for the series' own window. */
  windowPreset: string;
  projection: SlabProjection;
  slabThicknessMm: number;
}

export const DEFAULT_MPR_SETTINGS: MprSettings = {
  primaryTool: 'Crosshairs',
  windowPreset: '',
  projection: 'thin',
  slabThicknessMm: SLAB_THICKNESS_RANGE_MM.default,
};

interface Props {
  settings: MprSettings;
  onChange(settings: MprSettings): void;
  onReset(): void;
  disabled: boolean;
}

/** The MPR controls: left-button tool, window preset (the stack's), slab projection and thickness. */
export function MprToolbar({ settings, onChange, onReset, disabled }: Props) {
  const set = (patch: Partial<MprSettings>) => onChange({ ...settings, ...patch });
  return (
    <div className={styles.toolbar} role="toolbar" aria-label="MPR">
      <div className={styles.segmented} role="group" aria-label="Left mouse button">
        {(['Crosshairs', 'WindowLevel'] as const).map((tool) => (
          <button key={tool} type="button" aria-pressed={settings.primaryTool === tool} onClick={() => set({ primaryTool: tool })} disabled={disabled}>
            {tool === 'Crosshairs' ? 'Crosshairs' : 'W/L'}
          </button>
        ))}
      </div>
      <label>
        Window
        <select value={settings.windowPreset} onChange={(e) => set({ windowPreset: e.target.value })} disabled={disabled} data-testid="mpr-window">
          <option value="">Default</option>
          {CT_WINDOW_PRESETS.map((p) => (
            <option key={p.name} value={p.name}>
              {p.name} (W{p.windowWidth} L{p.windowCenter})
            </option>
          ))}
        </select>
      </label>
      <label>
        Projection
        <select
          value={settings.projection}
          onChange={(e) => set({ projection: e.target.value as SlabProjection })}
          disabled={disabled}
          data-testid="mpr-projection"
        >
          {SLAB_PROJECTIONS.map((p) => (
            <option key={p.value} value={p.value}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Slab
        <input
          type="range"
          min={SLAB_THICKNESS_RANGE_MM.min}
          max={SLAB_THICKNESS_RANGE_MM.max}
          value={settings.slabThicknessMm}
          onChange={(e) => set({ slabThicknessMm: Number(e.target.value) })}
          disabled={disabled || settings.projection === 'thin'}
          data-testid="mpr-slab"
          aria-valuetext={`${settings.slabThicknessMm} mm`}
        />
        <output>{settings.projection === 'thin' ? '—' : `${settings.slabThicknessMm} mm`}</output>
      </label>
      <button type="button" onClick={onReset} disabled={disabled}>
        Reset
      </button>
    </div>
  );
}
