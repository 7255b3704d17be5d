/**
 * The text of a measurement, used both as the tools' on-canvas text
 * (`getTextLines`) and in the measurement panel, so both always show the same
 * numbers. Values are Cornerstone's `cachedStats` (lengths in mm, areas in mm²,
 * pixel statistics in the modality unit — HU for CT after the Modality LUT,
 * PS3.3 C.11.1).
 */

/** Cornerstone tool names of the measurement tools, mapped to what the reader sees. */
export const MEASUREMENT_TOOLS = {
  Length: 'Length',
  Angle: 'Angle',
  EllipticalROI: 'Ellipse',
  RectangleROI: 'Rectangle',
  Probe: 'Probe',
  ArrowAnnotate: 'Arrow',
} as const;

export type MeasurementToolName = keyof typeof MEASUREMENT_TOOLS;

export function isMeasurementTool(toolName: string): toolName is MeasurementToolName {
  return Object.hasOwn(MEASUREMENT_TOOLS, toolName);
}

/** The subset of a tool's cachedStats (one target) the text needs. */
export interface MeasurementStats {
  length?: unknown;
  unit?: unknown;
  angle?: unknown;
  area?: unknown;
  areaUnit?: unknown;
  mean?: unknown;
  stdDev?: unknown;
  modalityUnit?: unknown;
  value?: unknown;
  isEmptyArea?: unknown;
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const text = (v: unknown, fallback: string): string => (typeof v === 'string' ? v : fallback);
const fixed1 = (v: number): string => (Object.is(Math.round(v * 10) / 10, -0) ? '0.0' : v.toFixed(1));

/** The lines of one measurement; empty while the stats are not computed yet. */
export function measurementLines(toolName: MeasurementToolName, stats: MeasurementStats | undefined, label?: string): string[] {
  switch (toolName) {
    case 'Length':
      return finite(stats?.length) ? [`${fixed1(stats.length)} ${text(stats.unit, 'mm')}`] : [];
    case 'Angle':
      return finite(stats?.angle) ? [`${fixed1(stats.angle)}°`] : [];
    case 'EllipticalROI':
    case 'RectangleROI':
      return areaLines(stats);
    case 'Probe':
      return finite(stats?.value) ? [`${Number.isInteger(stats.value) ? stats.value : fixed1(stats.value)} ${text(stats.modalityUnit, '')}`.trim()] : [];
    case 'ArrowAnnotate':
      return label ? [label] : [];
    default: {
      const unreachable: never = toolName;
      throw new Error(`unknown tool ${String(unreachable)}`);
    }
  }
}

function areaLines(stats: MeasurementStats | undefined): string[] {
  if (!stats) return [];
  const unit = text(stats.modalityUnit, '');
  const lines: string[] = [];
  if (finite(stats.mean)) lines.push(`Mean: ${fixed1(stats.mean)} ${unit}`.trim());
  if (finite(stats.stdDev)) lines.push(`SD: ${fixed1(stats.stdDev)} ${unit}`.trim());
  if (stats.isEmptyArea === true) lines.push('Area: oblique not supported');
  else if (finite(stats.area)) lines.push(`Area: ${fixed1(stats.area)} ${text(stats.areaUnit, 'mm²')}`);
  return lines;
}

/** One line for the measurement panel: "Length 100.0 mm". */
export function measurementSummary(toolName: MeasurementToolName, lines: readonly string[]): string {
  return [MEASUREMENT_TOOLS[toolName], ...lines].join(' ');
}
