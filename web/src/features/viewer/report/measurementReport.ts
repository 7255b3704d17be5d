import { adaptersSR } from '@cornerstonejs/adapters';
import { metaData } from '@cornerstonejs/core';
import dcmjs from 'dcmjs';
import type { ToolState } from './reportAnnotations';

export interface ReportDescription {
  seriesNumber: number;
  seriesDescription: string;
  /** Person Observer Name of the report (TID 1002): who saved it. */
  author: string;
}

export interface BuiltReport {
  part10: ArrayBuffer;
  sopInstanceUID: string;
  seriesInstanceUID: string;
}

/**
 * A DICOM SR Measurement Report (TID 1500) of `toolState`, as a Part 10 file.
 * The content tree is written by @cornerstonejs/adapters (the SR adapters OHIF
 * uses, so OHIF and other TID 1500 readers load it back): one measurement
 * group per annotation with its tracking identifiers, the image it was drawn on
 * (SCOORD with the referenced SOP instance) and its values (NUM, UCUM units).
 * Patient and study attributes come from the images' metadata.
 *
 * (The adapters' build imports @babel/runtime helpers without declaring the
 * package, so web/package.json lists @babel/runtime itself.)
 */
export function buildMeasurementReport(toolState: ToolState<unknown>, description: ReportDescription): BuiltReport {
  const report = adaptersSR.Cornerstone3D.MeasurementReport.generateReport(toolState, metaData, {
    SeriesDescription: description.seriesDescription,
    SeriesNumber: String(description.seriesNumber),
    InstanceNumber: 1,
    Manufacturer: 'Consilium',
    ManufacturerModelName: 'Consilium viewer',
    SoftwareVersions: '0.1.0',
    PersonName: description.author,
  }) as { dataset: Record<string, unknown> };
  const dataset = report.dataset;
  // dcmjs stamps every derived dataset "NOT FOR CLINICAL USE" / RESEARCH; these are a reader's clinical measurements.
  delete dataset.ImageComments;
  delete dataset.ContentQualification;
  const part10 = dcmjs.data.datasetToDict(dataset).write();
  return { part10, sopInstanceUID: String(dataset.SOPInstanceUID), seriesInstanceUID: String(dataset.SeriesInstanceUID) };
}
