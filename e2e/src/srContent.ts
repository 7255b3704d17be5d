/**
 * Reads a DICOM SR in the DICOM JSON model (PS3.18 F.2), as WADO-RS metadata
 * returns it, for the checks of the session tests: its template, its numeric
 * measurements and the images its coordinates refer to.
 */
type Element = { vr?: string; Value?: unknown[] };
export type DicomJson = Record<string, Element | undefined>;

const TAG = {
  ContentSequence: '0040A730',
  ValueType: '0040A040',
  ConceptNameCodeSequence: '0040A043',
  CodeMeaning: '00080104',
  CodeValue: '00080100',
  MeasuredValueSequence: '0040A300',
  NumericValue: '0040A30A',
  MeasurementUnitsCodeSequence: '004008EA',
  ReferencedSOPSequence: '00081199',
  ReferencedSOPInstanceUID: '00081155',
  ContentTemplateSequence: '0040A504',
  TemplateIdentifier: '0040DB00',
} as const;

const items = (dataset: DicomJson, tag: string): DicomJson[] => (dataset[tag]?.Value ?? []) as DicomJson[];
const first = (dataset: DicomJson, tag: string): unknown => dataset[tag]?.Value?.[0];

/** Every content item of the tree, depth first. */
export function contentItems(dataset: DicomJson): DicomJson[] {
  const out: DicomJson[] = [];
  const walk = (node: DicomJson) => {
    for (const child of items(node, TAG.ContentSequence)) {
      out.push(child);
      walk(child);
    }
  };
  walk(dataset);
  return out;
}

/** TemplateIdentifier of the root's content template ("1500" for a Measurement Report). */
export function templateOf(dataset: DicomJson): string | undefined {
  const template = items(dataset, TAG.ContentTemplateSequence)[0];
  return template ? String(first(template, TAG.TemplateIdentifier)) : undefined;
}

export interface NumericMeasurement {
  concept: string;
  value: number;
  unit: string;
}

/** The NUM content items: concept name, value and UCUM unit. */
export function numericMeasurements(dataset: DicomJson): NumericMeasurement[] {
  return contentItems(dataset)
    .filter((item) => first(item, TAG.ValueType) === 'NUM')
    .map((item) => {
      const measured = items(item, TAG.MeasuredValueSequence)[0] ?? {};
      const unit = items(measured, TAG.MeasurementUnitsCodeSequence)[0] ?? {};
      return {
        concept: String(first(items(item, TAG.ConceptNameCodeSequence)[0] ?? {}, TAG.CodeMeaning) ?? ''),
        value: Number(first(measured, TAG.NumericValue)),
        unit: String(first(unit, TAG.CodeValue) ?? ''),
      };
    });
}

/** SOP Instance UIDs the content items refer to (IMAGE items and SCOORD references). */
export function referencedSops(dataset: DicomJson): string[] {
  const uids = contentItems(dataset).flatMap((item) => items(item, TAG.ReferencedSOPSequence).map((ref) => String(first(ref, TAG.ReferencedSOPInstanceUID))));
  return [...new Set(uids)];
}
