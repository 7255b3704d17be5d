import type { ReactNode } from 'react';
import { type MeasurementItem, removeMeasurement } from '../hooks/useMeasurements';
import { measurementSummary } from '../logic/measurementText';
import styles from '../viewer.module.css';

/** Every measurement of the study with its values; "Go" shows the image it was drawn on. */
export function MeasurementPanel({ items, onJump, actions }: { items: MeasurementItem[]; onJump(item: MeasurementItem): void; actions?: ReactNode }) {
  return (
    <aside className={styles.measurementPanel} aria-label="Measurements">
      <h2 className={styles.panelTitle}>Measurements</h2>
      {actions}
      {items.length === 0 && <p className={styles.muted}>None yet: pick a tool and draw on an image.</p>}
      <ol className={styles.measurementList} data-testid="measurement-list">
        {items.map((item) => {
          const summary = measurementSummary(item.toolName, item.lines);
          return (
            <li key={item.uid} className={styles.measurementItem} data-testid="measurement-item" data-tool={item.toolName}>
              <span className={styles.measurementText} data-testid="measurement-text">
                {summary}
              </span>
              <span className={styles.measurementButtons}>
                <button type="button" className={styles.smallButton} aria-label={`Go to ${summary}`} onClick={() => onJump(item)}>
                  Go
                </button>
                <button type="button" className={styles.smallButton} aria-label={`Delete ${summary}`} onClick={() => removeMeasurement(item.uid)}>
                  ✕
                </button>
              </span>
            </li>
          );
        })}
      </ol>
    </aside>
  );
}
