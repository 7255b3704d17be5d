import type { PrimaryTool } from '../cornerstone/toolGroups';
import type { ViewportAction } from '../cornerstone/viewportActions';
import { GRID_LAYOUTS, type GridLayout, type ViewerMode } from '../logic/layout';
import { CT_WINDOW_PRESETS, type WindowLevelPreset } from '../logic/windowLevel';
import styles from '../viewer.module.css';

const TOOLS: readonly { tool: PrimaryTool; label: string; title: string }[] = [
  { tool: 'WindowLevel', label: 'W/L', title: 'Window/level (drag)' },
  { tool: 'Pan', label: 'Pan', title: 'Pan (also middle button)' },
  { tool: 'Zoom', label: 'Zoom', title: 'Zoom (also right button)' },
  { tool: 'Length', label: 'Length', title: 'Length measurement' },
  { tool: 'Angle', label: 'Angle', title: 'Angle measurement' },
  { tool: 'EllipticalROI', label: 'Ellipse', title: 'Elliptical ROI: mean/SD and area' },
  { tool: 'RectangleROI', label: 'Rectangle', title: 'Rectangular ROI: mean/SD and area' },
  { tool: 'Probe', label: 'Probe', title: 'Probe: pixel value' },
  { tool: 'ArrowAnnotate', label: 'Arrow', title: 'Arrow annotation' },
];

const ACTIONS: readonly { action: ViewportAction; label: string; title: string }[] = [
  { action: 'invert', label: 'Invert', title: 'Invert grey scale' },
  { action: 'rotate', label: 'Rotate', title: 'Rotate 90° clockwise' },
  { action: 'flipH', label: 'Flip H', title: 'Flip horizontally' },
  { action: 'flipV', label: 'Flip V', title: 'Flip vertically' },
  { action: 'reset', label: 'Reset', title: 'Reset zoom, pan, rotation and window' },
];

const MODES: readonly { mode: ViewerMode; label: string; title: string }[] = [
  { mode: 'stack', label: 'Stack', title: 'Stack viewports' },
  { mode: 'mpr', label: 'MPR', title: 'Multiplanar reconstruction' },
  { mode: '3d', label: '3D', title: '3D volume rendering' },
];

export interface ToolbarProps {
  mode: ViewerMode;
  layout: GridLayout;
  tool: PrimaryTool;
  cinePlaying: boolean;
  onMode(mode: ViewerMode): void;
  onLayout(layout: GridLayout): void;
  onTool(tool: PrimaryTool): void;
  onPreset(preset: WindowLevelPreset): void;
  onAction(action: ViewportAction): void;
  onCine(playing: boolean): void;
}

/** The viewer's toolbar; every control has a visible or accessible name and shows its state with aria-pressed. */
export function Toolbar(props: ToolbarProps) {
  const stack = props.mode === 'stack';
  return (
    <div className={styles.toolbar} role="toolbar" aria-label="Viewer tools">
      <Group label="Mode">
        {MODES.map(({ mode, label, title }) => (
          <ToggleButton key={mode} pressed={props.mode === mode} title={title} onClick={() => props.onMode(mode)}>
            {label}
          </ToggleButton>
        ))}
      </Group>
      <Group label="Layout">
        {GRID_LAYOUTS.map((layout) => (
          <ToggleButton key={layout} pressed={stack && props.layout === layout} title={`Layout ${layout}`} disabled={!stack} onClick={() => props.onLayout(layout)}>
            {layout}
          </ToggleButton>
        ))}
      </Group>
      <Group label="Tools">
        {TOOLS.map(({ tool, label, title }) => (
          <ToggleButton key={tool} pressed={props.tool === tool} title={title} disabled={!stack} onClick={() => props.onTool(tool)}>
            {label}
          </ToggleButton>
        ))}
      </Group>
      <Group label="Window">
        <select
          className={styles.select}
          aria-label="Window preset"
          value=""
          disabled={!stack}
          onChange={(event) => {
            const preset = CT_WINDOW_PRESETS.find((p) => p.name === event.target.value);
            if (preset) props.onPreset(preset);
          }}
        >
          <option value="">Preset…</option>
          {CT_WINDOW_PRESETS.map((p) => (
            <option key={p.name} value={p.name}>
              {p.name} (W {p.windowWidth} L {p.windowCenter})
            </option>
          ))}
        </select>
      </Group>
      <Group label="View">
        {ACTIONS.map(({ action, label, title }) => (
          <button key={action} type="button" className={styles.toolButton} title={title} disabled={!stack} onClick={() => props.onAction(action)}>
            {label}
          </button>
        ))}
        <ToggleButton pressed={props.cinePlaying} title="Cine: play the stack" disabled={!stack} onClick={() => props.onCine(!props.cinePlaying)}>
          {props.cinePlaying ? 'Stop' : 'Cine'}
        </ToggleButton>
      </Group>
    </div>
  );
}

function Group({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className={styles.toolGroup} role="group" aria-label={label}>
      {children}
    </div>
  );
}

function ToggleButton({ pressed, title, disabled, onClick, children }: { pressed: boolean; title: string; disabled?: boolean; onClick(): void; children: React.ReactNode }) {
  return (
    <button type="button" className={styles.toolButton} aria-pressed={pressed} title={title} disabled={disabled} onClick={onClick}>
      {children}
    </button>
  );
}
