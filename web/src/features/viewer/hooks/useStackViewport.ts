import { Enums, type Types, cache, eventTarget, getEnabledElement } from '@cornerstonejs/core';
import { utilities as toolUtilities } from '@cornerstonejs/tools';
import { type RefObject, useEffect, useState } from 'react';
import { RENDERING_ENGINE_ID, renderingEngine } from '../cornerstone/initCornerstone';
import { toolGroup } from '../cornerstone/toolGroups';
import { markPhase } from '../perfMarks';
import { EMPTY_SNAPSHOT, type ViewportSnapshot, readSnapshot } from './viewportSnapshot';

export interface StackViewportState {
  snapshot: ViewportSnapshot;
  /** Images of the stack in the cache, for the progress bar. */
  loaded: number;
  /** Stack indexes whose image failed to load or decode. */
  failed: ReadonlySet<number>;
}

const VIEWPORT_EVENTS = [Enums.Events.IMAGE_RENDERED, Enums.Events.STACK_NEW_IMAGE, Enums.Events.VOI_MODIFIED, Enums.Events.CAMERA_MODIFIED];

/**
 * One Cornerstone stack viewport on `element`: enabled in the shared rendering
 * engine and the stack tool group while mounted, showing `imageIds` from the
 * first image, prefetching the rest. Its overlay state is re-read once per
 * animation frame after any render.
 */
export function useStackViewport(element: RefObject<HTMLDivElement | null>, id: string, imageIds: readonly string[]): StackViewportState {
  const [snapshot, setSnapshot] = useState<ViewportSnapshot>(EMPTY_SNAPSHOT);
  const [loaded, setLoaded] = useState(0);
  const [failed, setFailed] = useState<ReadonlySet<number>>(new Set());

  useEffect(() => {
    const el = element.current;
    if (!el) return;
    const engine = renderingEngine();
    engine.enableElement({ viewportId: id, type: Enums.ViewportType.STACK, element: el, defaultOptions: { background: [0, 0, 0] } });
    toolGroup('stack')?.addViewport(id, RENDERING_ENGINE_ID);
    const resize = new ResizeObserver(() => engine.resize(true, true));
    resize.observe(el);
    return () => {
      resize.disconnect();
      toolUtilities.cine.stopClip(el);
      toolUtilities.stackPrefetch.disable(el);
      toolGroup('stack')?.removeViewports(RENDERING_ENGINE_ID, id);
      engine.disableElement(id);
    };
  }, [element, id]);

  useEffect(() => {
    const el = element.current;
    const viewport = renderingEngine().getViewport(id) as Types.IStackViewport | undefined;
    if (!el || !viewport || imageIds.length === 0) return;
    let frame = 0;
    const update = () => {
      frame = 0;
      const next = readSnapshot(viewport);
      if (next.hasImage) markPhase('firstImage');
      setSnapshot(next);
    };
    const schedule = () => {
      frame ||= requestAnimationFrame(update);
    };
    const inStack = new Set(imageIds);
    const count = () => setLoaded(imageIds.reduce((n, imageId) => n + (isCached(imageId) ? 1 : 0), 0));
    const onLoaded = (evt: Event) => {
      const image = (evt as CustomEvent<{ image?: Types.IImage }>).detail.image;
      if (!image || !inStack.has(image.imageId)) return;
      setLoaded((n) => Math.min(imageIds.length, n + 1));
      if (!decodedSomething(image)) markFailed(image.imageId);
    };
    const markFailed = (imageId: string) => {
      const index = imageIds.indexOf(imageId);
      setFailed((previous) => new Set(previous).add(index));
    };
    const onError = (evt: Event) => {
      const imageId = (evt as CustomEvent<{ imageId?: string }>).detail?.imageId;
      if (imageId && inStack.has(imageId)) markFailed(imageId);
    };
    for (const name of VIEWPORT_EVENTS) el.addEventListener(name, schedule);
    eventTarget.addEventListener(Enums.Events.IMAGE_LOADED, onLoaded);
    eventTarget.addEventListener(Enums.Events.IMAGE_LOAD_ERROR, onError);
    eventTarget.addEventListener(Enums.Events.IMAGE_LOAD_FAILED, onError);
    setFailed(new Set());
    setSnapshot({ ...EMPTY_SNAPSHOT, total: imageIds.length });
    count();
    let cancelled = false;
    void viewport.setStack([...imageIds], 0).then(
      () => {
        if (cancelled) return;
        viewport.render();
        toolUtilities.stackPrefetch.enable(el);
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
      cancelAnimationFrame(frame);
      // On unmount the element is already disabled (effects clean up in order).
      if (getEnabledElement(el)) toolUtilities.stackPrefetch.disable(el);
      for (const name of VIEWPORT_EVENTS) el.removeEventListener(name, schedule);
      eventTarget.removeEventListener(Enums.Events.IMAGE_LOADED, onLoaded);
      eventTarget.removeEventListener(Enums.Events.IMAGE_LOAD_ERROR, onError);
      eventTarget.removeEventListener(Enums.Events.IMAGE_LOAD_FAILED, onError);
    };
  }, [element, id, imageIds]);

  return { snapshot, loaded, failed };
}

/**
 * A codec fed a corrupt bitstream may "succeed" with no pixels: an image whose
 * value range is not finite or whose pixel array is short cannot be shown.
 */
function decodedSomething(image: Types.IImage): boolean {
  if (!Number.isFinite(image.minPixelValue) || !Number.isFinite(image.maxPixelValue)) return false;
  const pixels = image.voxelManager?.getScalarDataLength?.() ?? image.getPixelData().length;
  return pixels >= image.rows * image.columns;
}

function isCached(imageId: string): boolean {
  return cache.isLoaded(imageId);
}
