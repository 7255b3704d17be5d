'use client';

import { Enums, cache, eventTarget, metaData, volumeLoader, type Types } from '@cornerstonejs/core';
import { useEffect, useState } from 'react';
import { STREAMING_VOLUME_SCHEME, initCornerstone } from '../cornerstone/initCornerstone';
import { prefetchSeriesFrames } from './seriesPrefetch';
import { checkVolumeGeometry, describeVolumeProblem, type ImagePlane } from './volumeGeometry';
import { volumeHandle } from './volumeTestHandle';

/** Where the volume of a series stands, for the progress bar and the error message. */
export type VolumeLoadState =
  | { status: 'checking' }
  | { status: 'loading'; volumeId: string; framesLoaded: number; framesTotal: number }
  | { status: 'ready'; volumeId: string; framesTotal: number; framesFailed: number }
  | { status: 'error'; message: string };

/** One volume per series: MPR and 3D share it, and switching between them does not fetch again. */
export function volumeIdOf(seriesInstanceUid: string): string {
  return `${STREAMING_VOLUME_SCHEME}:${seriesInstanceUid}`;
}

/**
 * Builds (or finds in Cornerstone's cache) the streaming volume of a series and
 * streams its frames, reporting progress. The geometry is checked first, so a
 * single image or a series with gaps is an error message, not a broken volume.
 */
export function useStreamingVolume(imageIds: readonly string[], seriesInstanceUid: string, { progressive }: { progressive: boolean }): VolumeLoadState {
  const [state, setState] = useState<VolumeLoadState>({ status: 'checking' });

  useEffect(() => {
    let live = true;
    const update = (next: VolumeLoadState) => live && setState(next);
    const volumeId = volumeIdOf(seriesInstanceUid);
    let framesFailed = 0;
    const onModified = (evt: Event) => {
      const detail = (evt as CustomEvent<{ volumeId: string; framesProcessed: number; numberOfFrames: number }>).detail;
      if (detail.volumeId !== volumeId) return;
      update({ status: 'loading', volumeId, framesLoaded: detail.framesProcessed, framesTotal: detail.numberOfFrames });
    };
    const onLoadError = (evt: Event) => {
      const detail = (evt as CustomEvent<{ imageId?: string }>).detail;
      if (detail.imageId && imageIds.includes(detail.imageId)) framesFailed++;
    };

    const cleanups: (() => void)[] = [];
    update({ status: 'checking' });
    void (async () => {
      await initCornerstone();
      if (!live) return;
      const geometry = checkVolumeGeometry(imageIds.map(imagePlaneOf));
      if (!geometry.ok) return update({ status: 'error', message: describeVolumeProblem(geometry.error) });
      const ordered = geometry.value.order.map((i) => imageIds[i] as string);
      eventTarget.addEventListener(Enums.Events.IMAGE_VOLUME_MODIFIED, onModified);
      eventTarget.addEventListener(Enums.Events.IMAGE_LOAD_ERROR, onLoadError);
      const volume = (cache.getVolume(volumeId) ?? (await volumeLoader.createAndCacheVolume(volumeId, { imageIds: ordered }))) as Types.IStreamingImageVolume;
      if (!live) return;
      const framesTotal = ordered.length;
      renderWhileLoading(volume, progressive ? Math.max(2, Math.ceil(framesTotal / PROGRESSIVE_RENDERS)) : undefined);
      const done = () => update({ status: 'ready', volumeId, framesTotal, framesFailed });
      if (volume.loadStatus?.loaded) return done();
      update({ status: 'loading', volumeId, framesLoaded: volume.loadStatus ? countLoaded(volume) : 0, framesTotal });
      // A second view of the same series joins the load already running (load() returns at once then).
      const onCompleted = (evt: Event) => {
        if ((evt as CustomEvent<{ volumeId: string }>).detail.volumeId === volumeId) done();
      };
      eventTarget.addEventListener(Enums.Events.IMAGE_VOLUME_LOADING_COMPLETED, onCompleted);
      cleanups.push(() => eventTarget.removeEventListener(Enums.Events.IMAGE_VOLUME_LOADING_COMPLETED, onCompleted));
      if (!volume.loadStatus?.loading) {
        // The series in one request first; frames it did not bring load one by one.
        const fetching = new AbortController();
        cleanups.push(() => fetching.abort());
        const release = await prefetchSeriesFrames(ordered, fetching.signal);
        const releaseOnce = () => {
          eventTarget.removeEventListener(Enums.Events.IMAGE_VOLUME_LOADING_COMPLETED, releaseOnCompleted);
          release();
        };
        const releaseOnCompleted = (evt: Event) => {
          if ((evt as CustomEvent<{ volumeId: string }>).detail.volumeId === volumeId) releaseOnce();
        };
        eventTarget.addEventListener(Enums.Events.IMAGE_VOLUME_LOADING_COMPLETED, releaseOnCompleted);
        cleanups.push(releaseOnce);
        if (!live) return releaseOnce();
      }
      volume.load();
    })().catch((error: unknown) => update({ status: 'error', message: `The volume could not be built: ${error instanceof Error ? error.message : String(error)}` }));

    return () => {
      live = false;
      eventTarget.removeEventListener(Enums.Events.IMAGE_VOLUME_MODIFIED, onModified);
      eventTarget.removeEventListener(Enums.Events.IMAGE_LOAD_ERROR, onLoadError);
      for (const cleanup of cleanups) cleanup();
    };
  }, [imageIds, seriesInstanceUid, progressive]);

  useEffect(() => {
    const handle = volumeHandle();
    handle.status = state.status;
    if (state.status === 'loading') Object.assign(handle, { framesLoaded: state.framesLoaded, framesTotal: state.framesTotal });
    if (state.status === 'ready') Object.assign(handle, { framesLoaded: state.framesTotal, framesTotal: state.framesTotal });
  }, [state]);

  return state;
}

/**
 * Cornerstone re-renders every viewport of a volume after every 2nd frame it
 * receives. On a software renderer (SwiftShader, a thin client) each render of
 * three planes costs more than receiving the frames, so MPR shows progress this
 * many times during a load, not once per 2 frames. A ray-cast 3D view costs
 * seconds per frame there and is not rendered until the volume is complete.
 */
const PROGRESSIVE_RENDERS = 10;

/** Re-render the volume's viewports every `frames` frames received, or not at all until it is loaded (undefined). */
function renderWhileLoading(volume: Types.IStreamingImageVolume, frames: number | undefined): void {
  const internals = volume as unknown as { reRenderFraction: number; autoRenderOnLoad: boolean };
  internals.autoRenderOnLoad = frames !== undefined;
  if (frames !== undefined) internals.reRenderFraction = frames;
}

function imagePlaneOf(imageId: string): ImagePlane | undefined {
  const plane = metaData.get('imagePlaneModule', imageId) as Partial<ImagePlane> | undefined;
  if (!plane?.imagePositionPatient || !plane.imageOrientationPatient || !plane.rows || !plane.columns) return undefined;
  return {
    imagePositionPatient: plane.imagePositionPatient,
    imageOrientationPatient: plane.imageOrientationPatient,
    rows: plane.rows,
    columns: plane.columns,
  };
}

function countLoaded(volume: Types.IStreamingImageVolume): number {
  const frames = (volume as unknown as { framesProcessed?: number }).framesProcessed;
  return typeof frames === 'number' ? frames : 0;
}
