/**
 * Which of the viewer's annotations go into a TID 1500 measurement report,
 * and the shape the SR adapters of @cornerstonejs/adapters read
 * (`{ [imageId]: { [toolName]: { data: annotations } } }`).
 */

/** Tools the report carries; each has a Cornerstone3D adapter in @cornerstonejs/adapters. */
export const REPORTABLE_TOOLS = ['Length', 'Angle', 'EllipticalROI', 'RectangleROI', 'Probe', 'ArrowAnnotate'] as const;
export type ReportableTool = (typeof REPORTABLE_TOOLS)[number];

/** Tools whose report content is the computed value (cachedStats of the image they were drawn on); the others are points or text. */
const NEEDS_STATS: ReadonlySet<string> = new Set(['Length', 'Angle', 'EllipticalROI', 'RectangleROI']);

export interface ReportAnnotation {
  annotationUID?: string;
  metadata: { toolName: string; referencedImageId?: string };
  data: { cachedStats?: Record<string, unknown> };
}

export type ToolState<A> = Record<string, Record<string, { data: A[] }>>;

export interface ReportSelection<A> {
  toolState: ToolState<A>;
  /** Annotations in the report. */
  included: A[];
  /** Annotations of the study whose values this viewer has not computed yet (their image was never shown here). */
  unmeasured: A[];
}

function isReportable(toolName: string): toolName is ReportableTool {
  return (REPORTABLE_TOOLS as readonly string[]).includes(toolName);
}

/** True when the annotation carries what its adapter writes: the values for its image, where it has values. */
export function isMeasured(annotation: ReportAnnotation): boolean {
  if (!NEEDS_STATS.has(annotation.metadata.toolName)) return true;
  const stats = annotation.data.cachedStats?.[`imageId:${annotation.metadata.referencedImageId ?? ''}`];
  return typeof stats === 'object' && stats !== null && Object.keys(stats).length > 0;
}

/** The annotations of `studyInstanceUID` drawn on images (stack viewports), grouped by image and tool. */
export function selectForReport<A extends ReportAnnotation>(annotations: readonly A[], studyInstanceUID: string): ReportSelection<A> {
  const toolState: ToolState<A> = {};
  const included: A[] = [];
  const unmeasured: A[] = [];
  for (const annotation of annotations) {
    const { toolName, referencedImageId } = annotation.metadata;
    if (!isReportable(toolName) || !referencedImageId?.includes(`/studies/${studyInstanceUID}/`)) continue;
    if (!isMeasured(annotation)) {
      unmeasured.push(annotation);
      continue;
    }
    const byTool = (toolState[referencedImageId] ??= {});
    (byTool[toolName] ??= { data: [] }).data.push(annotation);
    included.push(annotation);
  }
  return { toolState, included, unmeasured };
}

/** The series number for a new report series: one above every series number of the study. */
export function nextSeriesNumber(seriesNumbers: readonly (number | undefined)[]): number {
  const known = seriesNumbers.filter((n): n is number => n !== undefined && Number.isFinite(n));
  return known.length === 0 ? 1 : Math.max(...known) + 1;
}
