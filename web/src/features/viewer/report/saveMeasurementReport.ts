import { annotation as annotationApi } from '@cornerstonejs/tools';
import { type Result, err, ok } from '@consilium/shared';
import { sendStowBatch } from '../../upload/sendStowBatch';
import { stowReasonText } from '../../../lib/stow';
import { measureUnmeasured } from './measureUnmeasured';
import { type ReportAnnotation, selectForReport } from './reportAnnotations';

export interface SaveRequest {
  studyInstanceUID: string;
  seriesNumber: number;
  seriesDescription: string;
  author: string;
}

export interface SavedReport {
  seriesInstanceUID: string;
  sopInstanceUID: string;
  seriesNumber: number;
  seriesDescription: string;
  /** Measurements in the report. */
  count: number;
  /** Measurements left out: their values could not be computed on this screen. */
  skipped: number;
}

export type SaveProgress = (step: string) => void;

/**
 * Saves the study's measurements as a TID 1500 SR through STOW-RS (the same
 * proxy the upload uses): values missing on this screen are computed first,
 * the report is built by the Cornerstone SR adapters and stored as a new
 * series of the study.
 */
export async function saveMeasurementReport(request: SaveRequest, onProgress: SaveProgress = () => undefined): Promise<Result<SavedReport, string>> {
  const annotations = () => annotationApi.state.getAllAnnotations() as unknown as ReportAnnotation[];
  let selection = selectForReport(annotations(), request.studyInstanceUID);
  if (selection.unmeasured.length > 0) {
    await measureUnmeasured(selection.unmeasured, (done, total) => onProgress(`Measuring on image ${done} of ${total}…`));
    selection = selectForReport(annotations(), request.studyInstanceUID);
  }
  if (selection.included.length === 0) return err(selection.unmeasured.length > 0 ? 'No measurement could be computed on this screen.' : 'There are no measurements to save.');
  onProgress('Writing the report…');
  let built;
  try {
    // The SR adapters (@cornerstonejs/adapters) load when a report is saved, not with the viewer.
    const { buildMeasurementReport } = await import('./measurementReport');
    built = buildMeasurementReport(selection.toolState, { seriesNumber: request.seriesNumber, seriesDescription: request.seriesDescription, author: request.author });
  } catch (error) {
    return err(`The report could not be written: ${error instanceof Error ? error.message : String(error)}`);
  }
  onProgress('Storing in the archive…');
  const stored = await sendStowBatch([new Blob([built.part10], { type: 'application/dicom' })], () => undefined, new AbortController().signal);
  if (!stored.ok) return err(`The archive did not store the report: ${stored.error.title}${stored.error.detail ? ` (${stored.error.detail})` : ''}`);
  const failure = stored.value.failed[0];
  if (failure || !stored.value.referenced.some((r) => r.sopInstanceUID === built.sopInstanceUID)) {
    return err(`The archive refused the report: ${stowReasonText(failure?.reason)}`);
  }
  return ok({
    seriesInstanceUID: built.seriesInstanceUID,
    sopInstanceUID: built.sopInstanceUID,
    seriesNumber: request.seriesNumber,
    seriesDescription: request.seriesDescription,
    count: selection.included.length,
    skipped: selection.unmeasured.length,
  });
}
