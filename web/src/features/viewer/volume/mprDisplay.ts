import { Enums, type Types } from '@cornerstonejs/core';
import { Enums as ToolEnums } from '@cornerstonejs/tools';
import { toolGroup } from '../cornerstone/toolGroups';
import { toVoiRange, type WindowLevel } from '../logic/windowLevel';
import { VIEW_CHANGED_EVENT } from './viewEvents';

/** How the slab of each MPR plane is projected onto the screen. */
export type SlabProjection = 'thin' | 'mip' | 'minip' | 'average';

export const SLAB_PROJECTIONS: readonly { value: SlabProjection; label: string }[] = [
  { value: 'thin', label: 'Thin slice' },
  { value: 'mip', label: 'MIP' },
  { value: 'minip', label: 'MinIP' },
  { value: 'average', label: 'Average' },
];

const BLEND_MODE: Record<SlabProjection, Enums.BlendModes> = {
  thin: Enums.BlendModes.COMPOSITE,
  mip: Enums.BlendModes.MAXIMUM_INTENSITY_BLEND,
  minip: Enums.BlendModes.MINIMUM_INTENSITY_BLEND,
  average: Enums.BlendModes.AVERAGE_INTENSITY_BLEND,
};

/** Slab thicknesses offered, mm: from a few slices (vessels) to a lobe (nodule search in MIP). */
export const SLAB_THICKNESS_RANGE_MM = { min: 1, max: 80, default: 20 } as const;

/**
 * Projects a slab of `thicknessMm` around each plane's slice with the chosen
 * blend; a thin slice resets to the volume's own slice thickness.
 */
export function applySlab(viewports: readonly Types.IVolumeViewport[], projection: SlabProjection, thicknessMm: number): void {
  for (const viewport of viewports) {
    viewport.setBlendMode(BLEND_MODE[projection]);
    if (projection === 'thin') viewport.resetSlabThickness();
    else viewport.setSlabThickness(thicknessMm);
    viewport.render();
    // Cornerstone raises no event for a slab: tell a presenting session.
    viewport.element.dispatchEvent(new CustomEvent(VIEW_CHANGED_EVENT));
  }
}

/** Shows the window (a stack preset) in every plane; undefined restores the series' own window. */
export function applyWindow(viewports: readonly Types.IVolumeViewport[], window: WindowLevel | undefined): void {
  for (const viewport of viewports) {
    if (window) viewport.setProperties({ voiRange: toVoiRange(window) });
    else viewport.resetProperties();
    viewport.render();
  }
}

/** What the left mouse button does in MPR. */
export type MprPrimaryTool = 'Crosshairs' | 'WindowLevel';

/** Puts `tool` on the left button of the MPR tool group only; the stack's choice stays. */
export function setMprPrimaryTool(tool: MprPrimaryTool): void {
  const group = toolGroup('mpr');
  if (!group) return;
  const current = group.getActivePrimaryMouseButtonTool();
  if (current && current !== tool) group.setToolPassive(current);
  group.setToolActive(tool, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Primary }] });
}
