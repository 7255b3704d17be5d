'use client';

import { type RefObject, useEffect } from 'react';
import type { SessionHandle } from '../SessionContext';
import { viewportUnder, worldUnderMouse } from './cornerstonePointer';

/** At most this often a pointer position goes out (~30/s); the last position of a burst is always sent. */
const SEND_INTERVAL_MS = 33;

/**
 * While `enabled`, the world point under this participant's mouse goes to the
 * session as a laser pointer (throttled, the latest position wins); leaving
 * the images or switching the pointer off hides it for everyone.
 */
export function useLaserPointer(session: SessionHandle | null, enabled: boolean, area: RefObject<HTMLElement | null>): void {
  const connection = session?.connection;
  const online = session?.snapshot.status === 'online';
  useEffect(() => {
    const el = area.current;
    if (!connection || !online || !enabled || !el) return;
    let pending: { clientX: number; clientY: number; target: EventTarget | null } | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let sentAt = 0;
    let shown = false;
    const hide = () => {
      pending = undefined;
      if (!shown) return;
      shown = false;
      connection.fire('pointer.move', { point: null });
    };
    const send = () => {
      timer = undefined;
      if (!pending) return;
      const { clientX, clientY, target } = pending;
      pending = undefined;
      sentAt = performance.now();
      const viewport = viewportUnder(target);
      const at = viewport && worldUnderMouse(viewport, clientX, clientY);
      if (!at) return hide();
      shown = true;
      connection.fire('pointer.move', at);
    };
    const onMove = (event: PointerEvent) => {
      pending = { clientX: event.clientX, clientY: event.clientY, target: event.target };
      timer ??= setTimeout(send, Math.max(0, SEND_INTERVAL_MS - (performance.now() - sentAt)));
    };
    const onLeave = () => {
      clearTimeout(timer);
      timer = undefined;
      hide();
    };
    el.addEventListener('pointermove', onMove, { capture: true });
    el.addEventListener('pointerleave', onLeave);
    return () => {
      el.removeEventListener('pointermove', onMove, { capture: true });
      el.removeEventListener('pointerleave', onLeave);
      clearTimeout(timer);
      hide();
    };
  }, [connection, online, enabled, area]);
}
