import { Enums, type Types } from '@cornerstonejs/core';
import type { ViewportState } from '@consilium/shared';
import { renderingEngine } from '../../viewer/cornerstone/initCornerstone';
import { viewportId } from '../../viewer/cornerstone/viewportIds';
import { gridGeometry } from '../../viewer/logic/layout';
import { toVoiRange, toWindowLevel } from '../../viewer/logic/windowLevel';
import { MPR_SLAB_REQUEST_EVENT, type MprSlabRequest, PRESET_DATA_KEY, PRESET_REQUEST_EVENT } from '../../viewer/volume/viewEvents';
import { MPR_VIEWPORTS, VOLUME_3D_VIEWPORTS } from '../../viewer/volume/volumeViewports';
import { type ViewerView, indexOfSop, sopOfImageId } from './viewerView';

type Followed = ViewportState['viewports'][number];
type Camera = NonNullable<Followed['camera']>;

const BLEND_NAMES: [Enums.BlendModes, NonNullable<NonNullable<Followed['mpr']>['blendMode']>][] = [
  [Enums.BlendModes.COMPOSITE, 'composite'],
  [Enums.BlendModes.MAXIMUM_INTENSITY_BLEND, 'mip'],
  [Enums.BlendModes.MINIMUM_INTENSITY_BLEND, 'minip'],
  [Enums.BlendModes.AVERAGE_INTENSITY_BLEND, 'average'],
];

function cameraOf(camera: Types.ICamera): Camera | undefined {
  const { focalPoint, position, viewUp, parallelScale, viewAngle } = camera;
  if (!focalPoint || !position || !viewUp) return undefined;
  return {
    focalPoint: [...focalPoint] as Camera['focalPoint'],
    position: [...position] as Camera['position'],
    viewUp: [...viewUp] as Camera['viewUp'],
    ...(parallelScale && parallelScale > 0 ? { parallelScale } : {}),
    ...(viewAngle && viewAngle > 0 && viewAngle <= 180 ? { viewAngle } : {}),
  };
}

function displayOf(viewport: Types.IStackViewport): NonNullable<Followed['display']> {
  const { flipHorizontal, flipVertical } = viewport.getCamera();
  return { invert: !!viewport.getProperties()?.invert, flipHorizontal: !!flipHorizontal, flipVertical: !!flipVertical };
}

/**
 * Mirrors and inverts like the presenter. Flips first: Cornerstone flips by
 * turning the camera, and the camera set right after puts the geometry exactly
 * where the presenter's is, so the flags and the picture agree.
 */
function applyDisplay(viewport: Types.IStackViewport, display: NonNullable<Followed['display']>): void {
  const camera = viewport.getCamera();
  const flips: { flipHorizontal?: boolean; flipVertical?: boolean } = {};
  if (display.flipHorizontal !== undefined && !!camera.flipHorizontal !== display.flipHorizontal) flips.flipHorizontal = display.flipHorizontal;
  if (display.flipVertical !== undefined && !!camera.flipVertical !== display.flipVertical) flips.flipVertical = display.flipVertical;
  if (Object.keys(flips).length > 0) viewport.setCamera(flips);
  if (display.invert !== undefined && !!viewport.getProperties()?.invert !== display.invert) viewport.setProperties({ invert: display.invert });
}

function voiOf(viewport: Types.IStackViewport | Types.IVolumeViewport): Followed['voi'] {
  const range = viewport.getProperties()?.voiRange;
  return range ? toWindowLevel(range) : undefined;
}

/**
 * What the presenter's viewer shows, read from Cornerstone, in world
 * coordinates and references: per viewport the series, the slice (SOP
 * Instance UID), the window and the camera; for MPR the plane, slab and
 * blend. This is what `viewport.follow` carries.
 */
export function captureViewportState(view: ViewerView, studyInstanceUID: string, activeIndex: number): ViewportState {
  const engine = renderingEngine();
  const { rows, columns } = gridGeometry(view.layout);
  const viewports: Followed[] = [];
  if (view.mode === 'stack') {
    for (let i = 0; i < rows * columns; i++) {
      const id = viewportId(i);
      const entry: Followed = { viewportId: id, kind: 'stack', studyInstanceUID, ...(view.series[i] ? { seriesInstanceUID: view.series[i] } : {}) };
      const viewport = engine.getViewport(id) as Types.IStackViewport | undefined;
      const ref = viewport ? sopOfImageId(viewport.getCurrentImageId() ?? '') : undefined;
      if (viewport && ref) {
        entry.slice = { sopInstanceUID: ref.sopInstanceUID, ...(ref.frameNumber > 1 ? { frameNumber: ref.frameNumber } : {}) };
        const camera = cameraOf(viewport.getCamera());
        if (camera) entry.camera = camera;
        const voi = voiOf(viewport);
        if (voi) entry.voi = voi;
        entry.display = displayOf(viewport);
      }
      viewports.push(entry);
    }
  } else {
    const definitions = view.mode === 'mpr' ? MPR_VIEWPORTS : VOLUME_3D_VIEWPORTS;
    for (const definition of definitions) {
      const entry: Followed = {
        viewportId: definition.viewportId,
        kind: view.mode === 'mpr' ? 'orthographic' : 'volume3d',
        studyInstanceUID,
        ...(view.series[0] ? { seriesInstanceUID: view.series[0] } : {}),
      };
      const viewport = engine.getViewport(definition.viewportId) as Types.IVolumeViewport | undefined;
      if (viewport?.getDefaultActor()) {
        const camera = cameraOf(viewport.getCamera());
        if (camera) entry.camera = camera;
        if (view.mode === 'mpr') {
          const voi = voiOf(viewport);
          if (voi) entry.voi = voi;
          const blend = BLEND_NAMES.find(([mode]) => mode === viewport.getBlendMode())?.[1];
          entry.mpr = { orientation: definition.name as 'axial' | 'sagittal' | 'coronal', slabThicknessMm: viewport.getSlabThickness(), ...(blend ? { blendMode: blend } : {}) };
        } else {
          const preset = viewport.element.dataset[PRESET_DATA_KEY];
          if (preset) entry.preset = preset;
        }
      }
      viewports.push(entry);
    }
  }
  const active = view.mode === 'stack' ? viewportId(activeIndex) : viewports[0]?.viewportId;
  return { layout: { rows, columns }, ...(active ? { activeViewportId: active } : {}), viewports };
}

/**
 * Shows `state` in this viewer's Cornerstone viewports, which the React view
 * already matches (mode, grid, series). Resolves true when every viewport was
 * set, false when some is not ready yet (its stack or volume still loading):
 * the caller tries again on the next frame. `isCurrent` turns false when a
 * newer state arrived meanwhile (a slice load is awaited): the rest is skipped.
 */
export async function applyFollowedViewports(state: ViewportState, isCurrent: () => boolean = () => true): Promise<boolean> {
  const engine = renderingEngine();
  let complete = true;
  for (const followed of state.viewports) {
    if (!isCurrent()) return true;
    const viewport = engine.getViewport(followed.viewportId);
    if (!viewport) {
      complete = false;
      continue;
    }
    if (followed.kind === 'stack') complete = (await applyStack(viewport as Types.IStackViewport, followed, isCurrent)) && complete;
    else complete = applyVolume(viewport as Types.IVolumeViewport, followed) && complete;
  }
  return complete;
}

async function applyStack(viewport: Types.IStackViewport, followed: Followed, isCurrent: () => boolean): Promise<boolean> {
  const imageIds = viewport.getImageIds();
  if (imageIds.length === 0 || (followed.seriesInstanceUID && !imageIds[0]?.includes(`/series/${followed.seriesInstanceUID}/`))) return false;
  if (followed.slice && 'sopInstanceUID' in followed.slice) {
    const index = indexOfSop(imageIds, followed.slice.sopInstanceUID, followed.slice.frameNumber);
    if (index >= 0 && index !== viewport.getCurrentImageIdIndex()) await viewport.setImageIdIndex(index);
    // A newer state arrived while this slice loaded: it wins, this one stops here.
    if (!isCurrent()) return true;
  }
  if (!viewport.getImageData()) return false;
  if (followed.voi) viewport.setProperties({ voiRange: toVoiRange(followed.voi) });
  if (followed.display) applyDisplay(viewport, followed.display);
  if (followed.camera) setCamera(viewport, followed.camera);
  viewport.render();
  return true;
}

function applyVolume(viewport: Types.IVolumeViewport, followed: Followed): boolean {
  if (!viewport.getDefaultActor()) return false;
  if (followed.voi) viewport.setProperties({ voiRange: toVoiRange(followed.voi) });
  if (followed.mpr) {
    const blend = BLEND_NAMES.find(([, name]) => name === followed.mpr?.blendMode)?.[0];
    if (blend !== undefined && blend !== viewport.getBlendMode()) viewport.setBlendMode(blend);
    if (followed.mpr.slabThicknessMm !== undefined && followed.mpr.slabThicknessMm !== viewport.getSlabThickness()) viewport.setSlabThickness(followed.mpr.slabThicknessMm);
    const blendMode = followed.mpr.blendMode;
    if (blendMode) {
      const detail: MprSlabRequest = { projection: blendMode === 'composite' ? 'thin' : blendMode, slabThicknessMm: followed.mpr.slabThicknessMm };
      viewport.element.dispatchEvent(new CustomEvent(MPR_SLAB_REQUEST_EVENT, { detail, bubbles: true }));
    }
  }
  if (followed.preset && viewport.element.dataset[PRESET_DATA_KEY] !== followed.preset) {
    viewport.element.dispatchEvent(new CustomEvent(PRESET_REQUEST_EVENT, { detail: followed.preset }));
  }
  if (followed.camera) setCamera(viewport, followed.camera);
  viewport.render();
  return true;
}

function setCamera(viewport: Types.IStackViewport | Types.IVolumeViewport, camera: Camera): void {
  viewport.setCamera({
    focalPoint: camera.focalPoint,
    position: camera.position,
    viewUp: camera.viewUp,
    ...(camera.parallelScale ? { parallelScale: camera.parallelScale } : {}),
    ...(camera.viewAngle ? { viewAngle: camera.viewAngle } : {}),
  });
}
