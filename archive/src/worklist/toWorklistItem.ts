import type { DicomJsonDict, DicomJsonElement } from 'dcmjs';
import { Tag } from '@consilium/shared';
import type { ScheduledProcedureStepRow } from '../db/schema.js';
import { type WorklistAttribute, WORKLIST_ATTRIBUTES } from './worklistAttributes.js';

/**
 * A step as the item of an MWL C-FIND response (PS3.4 Table K.6-1) in DICOM
 * JSON (PS3.18 F.2): patient, requested procedure and imaging service request
 * attributes at the top level, the step's own in the one item of
 * ScheduledProcedureStepSequence. An empty value is an element without Value,
 * as DICOM JSON writes zero-length attributes.
 */
export function toWorklistItem(row: ScheduledProcedureStepRow): DicomJsonDict {
  const item: DicomJsonDict = {};
  const stepItem: DicomJsonDict = {};
  for (const attribute of WORKLIST_ATTRIBUTES) {
    (attribute.inStep ? stepItem : item)[attribute.tag] = element(attribute, row[attribute.field]);
  }
  item[Tag.ScheduledProcedureStepSequence] = { vr: 'SQ', Value: [sortedByTag(stepItem)] };
  return sortedByTag(item);
}

function element({ vr }: WorklistAttribute, value: string): DicomJsonElement {
  if (value === '') return { vr };
  return { vr, Value: [vr === 'PN' ? { Alphabetic: value } : value] };
}

/** Attributes in ascending tag order, as a data set holds them (PS3.5 7.1). */
export function sortedByTag(dict: DicomJsonDict): DicomJsonDict {
  return Object.fromEntries(Object.entries(dict).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
