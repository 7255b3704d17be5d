import type { StackViewport } from '@cornerstonejs/core';
import { type DragEvent, type KeyboardEvent, useRef, useState, useEffect } from 'react';
import { renderingEngine } from '../cornerstone/initCornerstone';
import { viewportId } from '../cornerstone/viewportIds';
import type { SeriesModel, StudyModel } from '../study/studyModel';
import { useStackViewport } from '../hooks/useStackViewport';
import { targetIndexForKey } from '../logic/sliceKeys';
import styles from '../viewer.module.css';
import { ViewportOverlay } from './ViewportOverlay';

/** MIME type of a series dragged from the series panel. */
export const SERIES_DRAG_TYPE = 'application/x-consilium-series';

interface Props {
  index: number;
  study: StudyModel;
  series: SeriesModel | undefined;
  active: boolean;
  onActivate(index: number): void;
  onDropSeries(index: number, seriesInstanceUid: string): void;
}

/**
 * One cell of the viewport grid: the Cornerstone element, its overlays, a
 * slice scrollbar, load progress and the per-image error. Arrow, Page and
 * Home/End keys scroll while the cell has focus (Tab reaches it).
 */
export function StackViewportPane({ index, study, series, active, onActivate, onDropSeries }: Props) {
  const element = useRef<HTMLDivElement>(null);
  const id = viewportId(index);
  const imageIds = series?.imageIds ?? NO_IMAGES;
  const { snapshot, loaded, failed } = useStackViewport(element, id, imageIds);
  const [width, setWidth] = useState(0);
  const [dropping, setDropping] = useState(false);

  useEffect(() => {
    const el = element.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const stackViewport = () => renderingEngine().getViewport(id) as StackViewport | undefined;
  const scrollTo = (target: number) => {
    void stackViewport()?.setImageIdIndex(target);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    // The scrollbar handles its own keys.
    if (event.target instanceof HTMLInputElement) return;
    const viewport = stackViewport();
    if (!viewport) return;
    // The image asked for last, not the one drawn: key repeat outruns loading.
    const target = targetIndexForKey(event.key, viewport.getTargetImageIdIndex(), viewport.getImageIds().length);
    if (target === undefined) return;
    event.preventDefault();
    scrollTo(target);
  };
  const onDrop = (event: DragEvent) => {
    setDropping(false);
    const uid = event.dataTransfer.getData(SERIES_DRAG_TYPE);
    if (!uid) return;
    event.preventDefault();
    onDropSeries(index, uid);
  };
  const total = imageIds.length;
  const currentFailed = failed.has(snapshot.index);
  const label = series ? `Viewport ${index + 1}: ${series.description || 'series'} image ${snapshot.index + 1} of ${total}` : `Viewport ${index + 1}: empty`;

  return (
    <div
      className={`${styles.pane} ${active ? styles.paneActive : ''} ${dropping ? styles.paneDropping : ''}`}
      data-testid={id}
      data-viewport-index={index}
      tabIndex={0}
      role="group"
      aria-label={label}
      onKeyDown={onKeyDown}
      onPointerDown={() => onActivate(index)}
      onFocus={() => onActivate(index)}
      onDragOver={(event) => {
        if (!event.dataTransfer.types.includes(SERIES_DRAG_TYPE)) return;
        event.preventDefault();
        setDropping(true);
      }}
      onDragLeave={() => setDropping(false)}
      onDrop={onDrop}
    >
      {/* Cornerstone owns this element (it sets its tabindex and fills it); keys go to the pane. */}
      <div ref={element} className={styles.element} onContextMenu={(event) => event.preventDefault()} />
      {series && <ViewportOverlay study={study} series={series} snapshot={snapshot} width={width} />}
      {!series && <div className={styles.paneHint}>Drag a series here</div>}
      {series && total > 1 && (
        <input
          className={styles.scrollbar}
          type="range"
          min={0}
          max={total - 1}
          value={snapshot.index}
          aria-label={`Slice of viewport ${index + 1}`}
          aria-valuetext={`Image ${snapshot.index + 1} of ${total}`}
          data-testid={`scrollbar-${index}`}
          onChange={(event) => scrollTo(Number(event.target.value))}
        />
      )}
      {series && loaded < total && (
        <div className={styles.progress} role="progressbar" aria-label="Images loaded" aria-valuemin={0} aria-valuemax={total} aria-valuenow={loaded} data-testid={`load-progress-${index}`}>
          <div className={styles.progressFill} style={{ width: `${(100 * loaded) / Math.max(1, total)}%` }} />
        </div>
      )}
      {series && !snapshot.hasImage && !currentFailed && (
        <div className={styles.paneStatus} role="status" data-testid={`viewport-loading-${index}`}>
          <span className={styles.spinner} aria-hidden /> Loading image…
        </div>
      )}
      {series && currentFailed && (
        <div className={styles.paneError} role="alert" data-testid={`viewport-error-${index}`}>
          Image {snapshot.index + 1} of {total} could not be displayed: the instance is corrupt or its encoding cannot be decoded.
        </div>
      )}
    </div>
  );
}

const NO_IMAGES: readonly string[] = [];
