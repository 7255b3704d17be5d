import { formatPersonName, formatDicomDate } from '@/lib/dicomJson';
import type { StudyModel, SeriesModel } from '../study/studyModel';
import type { ViewportSnapshot } from '../hooks/viewportSnapshot';
import { formatImageNumber, formatSeriesLine, formatSliceLocation, formatWindowLevel, formatZoom } from '../logic/overlayText';
import { chooseScaleBar } from '../logic/scaleBar';
import styles from '../viewer.module.css';

/** Longest scale bar, as a share of the viewport width. */
const SCALE_BAR_MAX_FRACTION = 0.3;

/** The four corner texts, the scale bar and the orientation markers over one viewport. */
export function ViewportOverlay({ study, series, snapshot, width }: { study: StudyModel; series: SeriesModel; snapshot: ViewportSnapshot; width: number }) {
  const scale = snapshot.mmPerScreenPixel === undefined ? undefined : chooseScaleBar(snapshot.mmPerScreenPixel, width * SCALE_BAR_MAX_FRACTION);
  const { markers } = snapshot;
  return (
    <div className={styles.overlay} aria-hidden={!snapshot.hasImage}>
      <div className={`${styles.corner} ${styles.topLeft}`} data-testid="overlay-patient">
        <div>{formatPersonName(study.patientName)}</div>
        <div>{study.patientId}</div>
        <div>{formatDicomDate(study.studyDate)}</div>
        <div>{study.description}</div>
      </div>
      <div className={`${styles.corner} ${styles.topRight}`}>
        <div data-testid="overlay-series">{formatSeriesLine(series.seriesNumber, series.description)}</div>
        <div data-testid="overlay-slice">{formatImageNumber(snapshot.index, snapshot.total)}</div>
        {snapshot.locationMm !== undefined && <div data-testid="overlay-location">{formatSliceLocation(snapshot.locationMm)}</div>}
      </div>
      <div className={`${styles.corner} ${styles.bottomLeft}`}>
        {snapshot.windowLevel && Number.isFinite(snapshot.windowLevel.windowWidth) && (
          <div data-testid="overlay-wl">{formatWindowLevel(snapshot.windowLevel.windowWidth, snapshot.windowLevel.windowCenter)}</div>
        )}
        {snapshot.hasImage && Number.isFinite(snapshot.zoom) && <div data-testid="overlay-zoom">{formatZoom(snapshot.zoom)}</div>}
      </div>
      {scale && (
        <div className={`${styles.corner} ${styles.bottomRight}`} data-testid="scale-bar">
          <div className={styles.scaleBar} style={{ width: `${scale.lengthPx}px` }} />
          <div>{scale.label}</div>
        </div>
      )}
      {markers && (
        <>
          <span className={`${styles.marker} ${styles.markerTop}`} data-testid="orientation-top">{markers.top}</span>
          <span className={`${styles.marker} ${styles.markerBottom}`} data-testid="orientation-bottom">{markers.bottom}</span>
          <span className={`${styles.marker} ${styles.markerLeft}`} data-testid="orientation-left">{markers.left}</span>
          <span className={`${styles.marker} ${styles.markerRight}`} data-testid="orientation-right">{markers.right}</span>
        </>
      )}
    </div>
  );
}
