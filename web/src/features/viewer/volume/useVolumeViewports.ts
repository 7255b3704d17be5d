'use client';

import { Enums, setVolumesForViewports, type Types } from '@cornerstonejs/core';
import { type RefObject, useEffect, useState } from 'react';
import { RENDERING_ENGINE_ID, initCornerstone, renderingEngine } from '../cornerstone/initCornerstone';
import { type ToolGroupKind, toolGroup } from '../cornerstone/toolGroups';
import type { VolumeLoadState } from './useStreamingVolume';
import { volumeHandle } from './volumeTestHandle';
import type { VolumeViewportDefinition } from './volumeViewports';

const BLACK: Types.Point3 = [0, 0, 0];

export type VolumeViewports = Types.IVolumeViewport[];

/**
 * Enables the viewports of `definitions` on their elements in the shared
 * rendering engine, puts the volume into them once it exists (frames stream in
 * and render progressively), joins them to the tool group of `kind` and
 * disables them on unmount. Returns the viewports once they show the volume;
 * `readyAt` marks when they first rendered it completely loaded.
 */
export function useVolumeViewports(
  definitions: readonly VolumeViewportDefinition[],
  elements: RefObject<Partial<Record<string, HTMLDivElement | null>>>,
  container: RefObject<HTMLElement | null>,
  volume: VolumeLoadState,
  kind: ToolGroupKind,
  /** Display settings to apply once the volume is in the viewports, before their first render. */
  onVolumeSet?: (viewports: VolumeViewports) => void,
): VolumeViewports | undefined {
  const [enabled, setEnabled] = useState(false);
  const [viewports, setViewports] = useState<VolumeViewports>();
  const volumeId = volume.status === 'loading' || volume.status === 'ready' ? volume.volumeId : undefined;

  useEffect(() => {
    let live = true;
    const handle = volumeHandle();
    handle.mountedAtMs ??= performance.now();
    void initCornerstone().then(() => {
      if (!live) return;
      const engine = renderingEngine();
      for (const { viewportId, type, orientation } of definitions) {
        const element = elements.current[viewportId];
        if (!element) continue;
        engine.enableElement({ viewportId, type, element, defaultOptions: { orientation, background: BLACK } });
      }
      setEnabled(true);
    });
    const observer = new ResizeObserver(() => renderingEngine().resize(true, true));
    if (container.current) observer.observe(container.current);
    return () => {
      live = false;
      observer.disconnect();
      const engine = renderingEngine();
      const group = toolGroup(kind);
      for (const { name, viewportId } of definitions) {
        group?.removeViewports(RENDERING_ENGINE_ID, viewportId);
        if (engine.getViewport(viewportId)) engine.disableElement(viewportId);
        delete handle.viewports[name];
      }
      delete handle.readyAtMs;
      setEnabled(false);
      setViewports(undefined);
    };
  }, [definitions, elements, container, kind]);

  useEffect(() => {
    if (!enabled || !volumeId) return;
    let live = true;
    const engine = renderingEngine();
    const ids = definitions.map((d) => d.viewportId);
    void setVolumesForViewports(engine, [{ volumeId }], ids).then(() => {
      if (!live) return;
      const group = toolGroup(kind);
      const handle = volumeHandle();
      const shown: VolumeViewports = [];
      for (const { name, viewportId } of definitions) {
        const viewport = engine.getViewport(viewportId) as Types.IVolumeViewport | undefined;
        if (!viewport) continue;
        group?.addViewport(viewportId, RENDERING_ENGINE_ID);
        handle.viewports[name] = viewport;
        shown.push(viewport);
      }
      onVolumeSet?.(shown);
      engine.renderViewports(ids);
      setViewports(shown);
    });
    return () => {
      live = false;
    };
    // onVolumeSet is read once per volume, like the definitions: a new callback identity must not reload.
  }, [enabled, volumeId, definitions, kind]);

  const ready = volume.status === 'ready' && !!viewports;
  useEffect(() => {
    if (!ready || !viewports) return;
    return markReadyAfterRender(viewports);
  }, [ready, viewports]);

  return viewports;
}

/** Sets `readyAtMs` once every viewport has rendered after the volume finished loading. */
function markReadyAfterRender(viewports: VolumeViewports): () => void {
  const pending = new Set(viewports.map((v) => v.element));
  const onRendered = (evt: Event) => {
    const element = evt.currentTarget as HTMLDivElement;
    element.removeEventListener(Enums.Events.IMAGE_RENDERED, onRendered);
    pending.delete(element);
    if (pending.size === 0) volumeHandle().readyAtMs ??= performance.now();
  };
  for (const element of pending) element.addEventListener(Enums.Events.IMAGE_RENDERED, onRendered);
  renderingEngine().renderViewports(viewports.map((v) => v.id));
  return () => {
    for (const element of pending) element.removeEventListener(Enums.Events.IMAGE_RENDERED, onRendered);
  };
}
