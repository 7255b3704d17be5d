import { useState } from 'react';
import { reportDate } from '../logic/reportDate';
import type { ReportSeriesModel, SeriesModel } from '../study/studyModel';
import styles from '../viewer.module.css';
import { SERIES_DRAG_TYPE } from './StackViewportPane';

/** Thumbnail size asked from the archive's rendered thumbnail (PS3.18 10.7 `viewport`). */
const THUMBNAIL_VIEWPORT = '96,96';

/**
 * The study's series as thumbnails. Drag one onto a viewport, or press it (click,
 * Enter, Space) to show it in the active viewport.
 */
export function SeriesPanel({
  studyUid,
  series,
  reports,
  shown,
  onSelect,
}: {
  studyUid: string;
  series: SeriesModel[];
  reports: readonly ReportSeriesModel[];
  shown: readonly string[];
  onSelect(uid: string): void;
}) {
  return (
    <nav className={styles.seriesPanel} aria-label="Series">
      <ul className={styles.seriesList} data-testid="series-list">
        {series.map((s) => (
          <li key={s.seriesInstanceUID}>
            <button
              type="button"
              className={`${styles.seriesItem} ${shown.includes(s.seriesInstanceUID) ? styles.seriesShown : ''}`}
              draggable
              onDragStart={(event) => {
                event.dataTransfer.setData(SERIES_DRAG_TYPE, s.seriesInstanceUID);
                event.dataTransfer.effectAllowed = 'copy';
              }}
              onClick={() => onSelect(s.seriesInstanceUID)}
              aria-label={`Show series ${s.seriesNumber ?? ''} ${s.description} (${s.imageIds.length} images) in the active viewport`}
              data-testid="series-thumbnail"
              data-series-uid={s.seriesInstanceUID}
            >
              <SeriesThumbnail studyUid={studyUid} seriesUid={s.seriesInstanceUID} />
              <span className={styles.seriesText}>
                <span>{[s.modality, s.seriesNumber].filter((x) => x !== undefined && x !== '').join(' ')}</span>
                <span className={styles.seriesDescription}>{s.description}</span>
                <span className={styles.muted}>{s.imageIds.length} img</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
      {reports.length > 0 && (
        <>
          <h2 className={styles.seriesHeading}>Reports</h2>
          <ul className={styles.seriesList} data-testid="report-list">
            {reports.map((r) => (
              <li key={r.seriesInstanceUID} className={styles.reportItem} data-testid="report-item" data-series-uid={r.seriesInstanceUID}>
                <span className={styles.reportBadge}>SR {r.seriesNumber ?? ''}</span>
                <span className={styles.seriesDescription}>{r.description || 'Structured report'}</span>
                <span className={styles.muted}>{reportDate(r)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </nav>
  );
}

function SeriesThumbnail({ studyUid, seriesUid }: { studyUid: string; seriesUid: string }) {
  const [failed, setFailed] = useState(false);
  if (failed) return <span className={styles.thumbnail} />;
  return (
    <img
      className={styles.thumbnail}
      src={`/dicomweb/studies/${studyUid}/series/${seriesUid}/thumbnail?viewport=${THUMBNAIL_VIEWPORT}`}
      alt=""
      draggable={false}
      onError={() => setFailed(true)}
    />
  );
}
