'use client';

import { useState } from 'react';
import type { Result } from '@consilium/shared';
import type { SavedReport, SaveProgress } from '../report/saveMeasurementReport';
import styles from '../viewer.module.css';

type SaveState = { status: 'idle' } | { status: 'saving'; step: string } | { status: 'saved'; report: SavedReport } | { status: 'failed'; message: string };

/** "Save as DICOM SR": stores the measurements as a report series of the study; shows each step and the outcome. */
export function SaveReportButton({ disabled, onSave }: { disabled: boolean; onSave(progress: SaveProgress): Promise<Result<SavedReport, string>> }) {
  const [state, setState] = useState<SaveState>({ status: 'idle' });
  const save = async () => {
    setState({ status: 'saving', step: 'Collecting the measurements…' });
    const result = await onSave((step) => setState({ status: 'saving', step }));
    setState(result.ok ? { status: 'saved', report: result.value } : { status: 'failed', message: result.error });
  };
  return (
    <div className={styles.reportSave}>
      <button type="button" className={styles.smallButton} disabled={disabled || state.status === 'saving'} onClick={() => void save()} title="Store the measurements in the archive as a DICOM SR Measurement Report (TID 1500)">
        Save as DICOM SR
      </button>
      <span role="status" className={styles.muted} data-testid="report-status">
        {state.status === 'saving' && state.step}
        {state.status === 'saved' && savedText(state.report)}
      </span>
      {state.status === 'failed' && (
        <span role="alert" className={styles.reportError}>
          {state.message}
        </span>
      )}
    </div>
  );
}

function savedText(report: SavedReport): string {
  const count = `${report.count} measurement${report.count === 1 ? '' : 's'}`;
  const skipped = report.skipped > 0 ? `; ${report.skipped} left out (no values on this screen)` : '';
  return `Saved as SR series ${report.seriesNumber}: ${count}${skipped}`;
}
