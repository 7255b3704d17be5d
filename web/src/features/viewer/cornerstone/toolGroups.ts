import {
  AngleTool,
  ArrowAnnotateTool,
  CrosshairsTool,
  EllipticalROITool,
  Enums as ToolEnums,
  LengthTool,
  PanTool,
  ProbeTool,
  RectangleROITool,
  StackScrollTool,
  ToolGroupManager,
  TrackballRotateTool,
  WindowLevelTool,
  ZoomTool,
  addTool,
  type Types as ToolTypes,
} from '@cornerstonejs/tools';
import { measurementLines, type MeasurementStats, type MeasurementToolName } from '../logic/measurementText';
import { requestArrowLabel } from './arrowLabelPrompt';
import { completeProbeStats } from './stackProbeValue';

const { MouseBindings } = ToolEnums;

/** One tool group per kind of viewport: each kind needs different mouse bindings. */
export const TOOL_GROUP_ID = { stack: 'consilium-stack', mpr: 'consilium-mpr', volume3d: 'consilium-3d' } as const;
export type ToolGroupKind = keyof typeof TOOL_GROUP_ID;

/** Tools the toolbar can put on the left mouse button (Cornerstone tool names). */
export type PrimaryTool = 'WindowLevel' | 'Pan' | 'Zoom' | 'Crosshairs' | MeasurementToolName;

const MEASUREMENT_CLASSES = [LengthTool, AngleTool, EllipticalROITool, RectangleROITool, ProbeTool, ArrowAnnotateTool] as const;

/**
 * Registers every tool class once and creates the three tool groups. Measurement
 * tools draw their text with {@link measurementLines}, the same formatter as the
 * measurement panel.
 */
export function registerViewerTools(): void {
  for (const Tool of [WindowLevelTool, PanTool, ZoomTool, StackScrollTool, CrosshairsTool, TrackballRotateTool, ...MEASUREMENT_CLASSES]) {
    addTool(Tool);
  }
  createPlanarGroup('stack');
  createPlanarGroup('mpr');
  create3dGroup();
}

type AnnotationData = { cachedStats?: Record<string, MeasurementStats>; handles?: { points?: number[][] }; label?: string; text?: string };

function textLinesFor(toolName: MeasurementToolName) {
  return (data: AnnotationData, targetId: string) =>
    measurementLines(toolName, toolName === 'Probe' ? completeProbeStats(data, targetId) : data.cachedStats?.[targetId], data.label ?? data.text);
}

function createPlanarGroup(kind: 'stack' | 'mpr'): void {
  const group = ToolGroupManager.createToolGroup(TOOL_GROUP_ID[kind]);
  if (!group) return;
  group.addTool(WindowLevelTool.toolName);
  group.addTool(PanTool.toolName);
  group.addTool(ZoomTool.toolName);
  group.addTool(StackScrollTool.toolName);
  for (const Tool of MEASUREMENT_CLASSES) {
    const name = Tool.toolName as MeasurementToolName;
    const configuration: Record<string, unknown> = { getTextLines: textLinesFor(name) };
    if (name === 'ArrowAnnotate') {
      configuration.getTextCallback = requestArrowLabel;
      configuration.changeTextCallback = (_data: unknown, _evt: unknown, done: (label: string | null) => void) => requestArrowLabel(done);
    }
    // ToolGroup.addTool takes the tool configuration itself (not wrapped in `{ configuration }`).
    group.addTool(name, configuration);
    group.setToolPassive(name);
  }
  if (kind === 'mpr') {
    group.addTool(CrosshairsTool.toolName, { getReferenceLineSlabThicknessControlsOn: () => true });
    group.setToolPassive(CrosshairsTool.toolName);
  }
  bindNavigation(group);
  group.setToolActive(WindowLevelTool.toolName, { bindings: [{ mouseButton: MouseBindings.Primary }] });
}

function create3dGroup(): void {
  const group = ToolGroupManager.createToolGroup(TOOL_GROUP_ID.volume3d);
  if (!group) return;
  group.addTool(TrackballRotateTool.toolName);
  group.addTool(PanTool.toolName);
  group.addTool(ZoomTool.toolName);
  group.setToolActive(TrackballRotateTool.toolName, { bindings: [{ mouseButton: MouseBindings.Primary }] });
  group.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: MouseBindings.Auxiliary }] });
  group.setToolActive(ZoomTool.toolName, { bindings: [{ mouseButton: MouseBindings.Secondary }, { mouseButton: MouseBindings.Wheel }] });
}

/** Middle-drag pans, right-drag zooms, the wheel scrolls slices — whatever the left button does. */
function bindNavigation(group: ToolTypes.IToolGroup): void {
  group.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: MouseBindings.Auxiliary }] });
  group.setToolActive(ZoomTool.toolName, { bindings: [{ mouseButton: MouseBindings.Secondary }] });
  group.setToolActive(StackScrollTool.toolName, { bindings: [{ mouseButton: MouseBindings.Wheel }] });
}

/**
 * Puts `tool` on the left mouse button of the stack and MPR groups; the
 * previous left-button tool goes passive (its annotations stay editable, its
 * middle/right bindings stay).
 */
export function setPrimaryTool(tool: PrimaryTool): void {
  for (const kind of ['stack', 'mpr'] as const) {
    const group = ToolGroupManager.getToolGroup(TOOL_GROUP_ID[kind]);
    if (!group || !group.hasTool(tool)) continue;
    const current = group.getActivePrimaryMouseButtonTool();
    if (current && current !== tool) group.setToolPassive(current);
    group.setToolActive(tool, { bindings: [{ mouseButton: MouseBindings.Primary }] });
  }
}

/** The tool group of a viewport kind. */
export function toolGroup(kind: ToolGroupKind): ToolTypes.IToolGroup | undefined {
  return ToolGroupManager.getToolGroup(TOOL_GROUP_ID[kind]);
}
