'use client';

import { Enums } from '@cornerstonejs/core';
import { type RefObject, useEffect, useState } from 'react';
import type { SessionHandle } from '../SessionContext';
import styles from '../session.module.css';
import { type PlacedPointer, placePointers } from './cornerstonePointer';

/** After these Cornerstone events the pointers are placed again (the image under them moved or changed). */
const REPLACE_EVENTS = [Enums.Events.CAMERA_MODIFIED, Enums.Events.STACK_NEW_IMAGE, Enums.Events.VOLUME_NEW_IMAGE, Enums.Events.IMAGE_RENDERED];

/**
 * The other participants' laser pointers, drawn over every viewport under
 * `area` that shows the place they point at, with their name and colour.
 * Placed again on the next frame after a pointer moves, a camera changes or
 * the window is resized; it never takes the mouse.
 */
export function PointerOverlay({ session, area }: { session: SessionHandle; area: RefObject<HTMLElement | null> }) {
  const { connection, participantId } = session;
  const [placed, setPlaced] = useState<PlacedPointer[]>([]);

  useEffect(() => {
    const el = area.current;
    if (!el) return;
    let frame: number | undefined;
    const place = () => {
      frame = undefined;
      const others = [...connection.pointers.values()].filter((p) => p.participantId !== participantId);
      const next = others.length === 0 ? [] : placePointers(others, el);
      setPlaced((current) => (JSON.stringify(current) === JSON.stringify(next) ? current : next));
    };
    const schedule = () => {
      frame ??= requestAnimationFrame(place);
    };
    const off = connection.onPointer(schedule);
    for (const name of REPLACE_EVENTS) el.addEventListener(name, schedule, { capture: true });
    window.addEventListener('resize', schedule);
    schedule();
    return () => {
      off();
      for (const name of REPLACE_EVENTS) el.removeEventListener(name, schedule, { capture: true });
      window.removeEventListener('resize', schedule);
      if (frame !== undefined) cancelAnimationFrame(frame);
    };
  }, [connection, participantId, area]);

  const byId = new Map(session.snapshot.participants.map((p) => [p.participantId, p]));
  return (
    <div className={styles.pointerLayer} aria-hidden="true">
      {placed.map((p) => {
        const who = byId.get(p.participantId);
        return (
          <div
            key={`${p.participantId}:${p.viewportId}`}
            className={styles.pointer}
            data-testid="laser-pointer"
            data-participant={who?.name ?? ''}
            data-viewport={p.viewportId}
            style={{ left: p.left, top: p.top, ['--pointer-colour' as string]: who?.colour ?? '#ff4d4d' }}
          >
            <span className={styles.pointerDot} />
            <span className={styles.pointerName}>{who?.name ?? 'Participant'}</span>
          </div>
        );
      })}
    </div>
  );
}
