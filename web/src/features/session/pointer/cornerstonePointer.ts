import { Enums, type Types } from '@cornerstonejs/core';
import type { PointerMoved } from '@consilium/shared';
import { renderingEngine } from '../../viewer/cornerstone/initCornerstone';
import { type Vec3, distanceToPlane, insideCanvas, sliceToleranceMm } from './pointerPlacement';

/** Where a pointer is drawn: relative to the viewport area, in CSS pixels. */
export interface PlacedPointer {
  participantId: string;
  viewportId: string;
  left: number;
  top: number;
}

/** The Cornerstone viewport whose element holds `target` (Cornerstone marks each with data-viewport-uid). */
export function viewportUnder(target: EventTarget | null): Types.IViewport | undefined {
  const element = target instanceof Element ? target.closest<HTMLElement>('[data-viewport-uid]') : null;
  const id = element?.dataset.viewportUid;
  return id ? renderingEngine().getViewport(id) : undefined;
}

/** The world point under the mouse in `viewport`, with the frame of reference it belongs to. */
export function worldUnderMouse(viewport: Types.IViewport, clientX: number, clientY: number): Omit<PointerMoved, 'participantId'> | undefined {
  const rect = viewport.canvas.getBoundingClientRect();
  const canvasPoint: Types.Point2 = [clientX - rect.left, clientY - rect.top];
  if (!insideCanvas(canvasPoint, rect.width, rect.height)) return undefined;
  const world = viewport.canvasToWorld(canvasPoint);
  if (!world.every(Number.isFinite)) return undefined;
  const frameOfReferenceUID = viewport.getFrameOfReferenceUID();
  return { point: [world[0], world[1], world[2]], viewportId: viewport.id, ...(frameOfReferenceUID ? { frameOfReferenceUID } : {}) };
}

function toleranceOf(viewport: Types.IViewport): number {
  const spacing = (viewport as Types.IStackViewport).getImageData?.()?.spacing?.[2];
  const slab = 'getSlabThickness' in viewport ? (viewport as Types.IVolumeViewport).getSlabThickness() : undefined;
  return sliceToleranceMm(spacing, slab);
}

/**
 * Where each of `pointers` shows in the viewports under `area`: on every
 * viewport of the same frame of reference whose image contains the point (a
 * 2D slice within half a slice of it; a 3D view wherever it projects).
 */
export function placePointers(pointers: Iterable<PointerMoved>, area: HTMLElement): PlacedPointer[] {
  const areaRect = area.getBoundingClientRect();
  const placed: PlacedPointer[] = [];
  const viewports = renderingEngine()
    .getViewports()
    .filter((v) => v.element.isConnected && area.contains(v.element));
  for (const pointer of pointers) {
    if (!pointer.point) continue;
    const point = pointer.point as Vec3;
    for (const viewport of viewports) {
      const frame = viewport.getFrameOfReferenceUID();
      if (pointer.frameOfReferenceUID && frame && frame !== pointer.frameOfReferenceUID) continue;
      const camera = viewport.getCamera();
      if (!camera.focalPoint || !camera.viewPlaneNormal) continue;
      const inSlice = viewport.type === Enums.ViewportType.VOLUME_3D || distanceToPlane(point, { focalPoint: camera.focalPoint, viewPlaneNormal: camera.viewPlaneNormal }) <= toleranceOf(viewport);
      if (!inSlice) continue;
      const canvasPoint = viewport.worldToCanvas(point as Types.Point3);
      const rect = viewport.canvas.getBoundingClientRect();
      if (!insideCanvas(canvasPoint, rect.width, rect.height)) continue;
      placed.push({ participantId: pointer.participantId, viewportId: viewport.id, left: rect.left - areaRect.left + canvasPoint[0], top: rect.top - areaRect.top + canvasPoint[1] });
    }
  }
  return placed;
}
