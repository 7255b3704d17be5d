'use client';

import { Enums } from '@cornerstonejs/core';
import type { ViewportState } from '@consilium/shared';
import { type RefObject, useEffect, useRef } from 'react';
import type { SessionHandle } from '../SessionContext';
import { VIEW_CHANGED_EVENT } from '../../viewer/volume/viewEvents';
import { applyFollowedViewports, captureViewportState } from './cornerstoneFollow';
import { type ViewerView, viewerViewOf } from './viewerView';

/** At most this often the presenter sends its view (~30/s), and only when it changed. */
const SEND_INTERVAL_MS = 33;
/** How long a follower keeps trying to show a state whose viewports are still loading (a volume can take seconds). */
const APPLY_DEADLINE_MS = 60_000;
/** Cornerstone events after which the presenter's view may have changed (captured from every viewport below the area). */
const VIEW_EVENTS = [Enums.Events.CAMERA_MODIFIED, Enums.Events.VOI_MODIFIED, Enums.Events.STACK_NEW_IMAGE, Enums.Events.VOLUME_NEW_IMAGE, VIEW_CHANGED_EVENT];

export interface FollowArgs {
  session: SessionHandle | null;
  studyInstanceUID: string;
  seriesUids: readonly string[];
  view: ViewerView;
  activeIndex: number;
  setView(view: ViewerView): void;
  /** The element around every viewport of the viewer. */
  area: RefObject<HTMLElement | null>;
}

/**
 * Follow the presenter. As presenter: the view (mode, grid, series, slice,
 * window, cameras) goes to the session whenever Cornerstone reports a change,
 * throttled and deduplicated. As a follower who has not stepped out: every
 * presenter state is shown, first in the React view (mode, grid, series), then
 * in the Cornerstone viewports once they are ready.
 */
export function useFollowPresenter({ session, studyInstanceUID, seriesUids, view, activeIndex, setView, area }: FollowArgs): void {
  const connection = session?.connection;
  const presenting = !!session?.isPresenter && session.snapshot.status === 'online';
  const following = !!session && !session.isPresenter && session.following;
  const current = useRef({ view, activeIndex, setView, seriesUids });
  current.current = { view, activeIndex, setView, seriesUids };
  const latest = useRef<ViewportState | undefined>(undefined);
  const viewKey = JSON.stringify(view);

  // Presenter: send on every view change, throttled, only when something changed.
  const sender = useRef<{ last: string; timer: ReturnType<typeof setTimeout> | undefined; at: number }>({ last: '', timer: undefined, at: 0 });
  useEffect(() => {
    if (!presenting || !connection) return;
    const s = sender.current;
    s.last = '';
    const send = () => {
      s.timer = undefined;
      s.at = performance.now();
      const state = captureViewportState(current.current.view, studyInstanceUID, current.current.activeIndex);
      const json = JSON.stringify(state);
      if (json === s.last) return;
      s.last = json;
      connection.fire('viewport.follow', { state });
    };
    const schedule = () => {
      if (s.timer !== undefined) return;
      s.timer = setTimeout(send, Math.max(0, SEND_INTERVAL_MS - (performance.now() - s.at)));
    };
    const el = area.current;
    for (const name of VIEW_EVENTS) el?.addEventListener(name, schedule, { capture: true });
    schedule();
    return () => {
      for (const name of VIEW_EVENTS) el?.removeEventListener(name, schedule, { capture: true });
      clearTimeout(s.timer);
      s.timer = undefined;
    };
  }, [presenting, connection, studyInstanceUID, area]);
  useEffect(() => {
    if (!presenting || !connection || !area.current) return;
    // The mode, grid or series changed: React has rendered the new viewports; tell the followers.
    area.current.dispatchEvent(new CustomEvent(Enums.Events.CAMERA_MODIFIED));
  }, [presenting, connection, viewKey, activeIndex, area]);

  // Follower: show each presenter state (and the latest one again on re-sync).
  const generation = useRef(0);
  useEffect(() => {
    if (!connection) return;
    const show = (state: ViewportState) => {
      const run = ++generation.current;
      const { view: now, setView: set, seriesUids: known } = current.current;
      const wanted = viewerViewOf(state, known);
      if (wanted && JSON.stringify(wanted) !== JSON.stringify(now)) set(wanted);
      const deadline = performance.now() + APPLY_DEADLINE_MS;
      const attempt = async () => {
        if (run !== generation.current) return;
        const done = await applyFollowedViewports(state, () => run === generation.current).catch(() => false);
        if (!done && run === generation.current && performance.now() < deadline) requestAnimationFrame(() => void attempt());
      };
      requestAnimationFrame(() => void attempt());
    };
    const off = connection.onFollow((state) => {
      latest.current = state;
      if (following) show(state);
    });
    if (following && latest.current) show(latest.current);
    return () => {
      off();
      generation.current++;
    };
  }, [connection, following]);

  // Presence: which viewport and series this participant looks at.
  const lookingSeries = view.series[view.mode === 'stack' ? activeIndex : 0];
  useEffect(() => {
    if (!connection || session?.snapshot.status !== 'online') return;
    connection.fire('presence.update', {
      lookingAt: { viewportId: view.mode === 'stack' ? `viewport-${activeIndex}` : view.mode, studyInstanceUID, ...(lookingSeries ? { seriesInstanceUID: lookingSeries } : {}) },
    });
  }, [connection, session?.snapshot.status, view.mode, activeIndex, studyInstanceUID, lookingSeries]);
}
