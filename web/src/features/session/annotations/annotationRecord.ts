/**
 * One Cornerstone annotation as the session document keeps it: the fields
 * every participant needs to draw it (tool, where it is, its handles, label).
 * Derived values (cached statistics, highlight, the handle being dragged) stay
 * local: each viewer computes them for its own viewports.
 */
export interface AnnotationRecord {
  toolName: string;
  metadata: Record<string, unknown>;
  points: number[][];
  textBox: Record<string, unknown> | undefined;
  label: string | undefined;
  text: string | undefined;
  /** Participant who drew it. */
  author: string;
}

/** The shape of a Cornerstone annotation this bridge reads and writes. */
export interface CornerstoneAnnotation {
  annotationUID?: string;
  metadata: Record<string, unknown> & { toolName: string };
  data: {
    handles?: { points?: number[][]; textBox?: Record<string, unknown>; activeHandleIndex?: number | null };
    label?: string;
    text?: string;
    cachedStats?: Record<string, unknown>;
  };
  highlighted?: boolean;
  invalidated?: boolean;
  isLocked?: boolean;
  isVisible?: boolean;
}

/** Plain JSON copy (the document must not hold references to live Cornerstone objects or typed arrays). */
function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v))) as T;
}

/**
 * Image ids embed the DICOMweb root this page loads from (`wadors:http://host:port/dicomweb/studies/…`),
 * which differs between participants on different web servers: the session keeps the part from
 * `/studies/` on, the same for everyone, and each viewer puts its own root back.
 */
export function portableImageId(imageId: string): string {
  const at = imageId.indexOf('/studies/');
  return at >= 0 ? imageId.slice(at) : imageId;
}

export function localImageId(reference: string, imageIdRoot: string): string {
  return reference.startsWith('/studies/') ? `${imageIdRoot}${reference}` : reference;
}

function withImageId(metadata: Record<string, unknown>, map: (id: string) => string): Record<string, unknown> {
  const copy = plain(metadata);
  if (typeof copy.referencedImageId === 'string') copy.referencedImageId = map(copy.referencedImageId);
  return copy;
}

export function recordOf(annotation: CornerstoneAnnotation, author: string): AnnotationRecord {
  const { handles } = annotation.data;
  return {
    toolName: annotation.metadata.toolName,
    metadata: withImageId(annotation.metadata, portableImageId),
    points: plain(handles?.points ?? []),
    textBox: handles?.textBox ? plain(handles.textBox) : undefined,
    label: annotation.data.label,
    text: annotation.data.text,
    author,
  };
}

/** A new Cornerstone annotation for a record that arrived from the session; `imageIdRoot` is this viewer's `wadors:` DICOMweb root. */
export function annotationOf(uid: string, record: AnnotationRecord, imageIdRoot: string): CornerstoneAnnotation {
  return {
    annotationUID: uid,
    metadata: { ...withImageId(record.metadata, (id) => localImageId(id, imageIdRoot)), toolName: record.toolName },
    data: {
      handles: { points: plain(record.points), activeHandleIndex: null, ...(record.textBox ? { textBox: plain(record.textBox) } : {}) },
      ...(record.label !== undefined ? { label: record.label } : {}),
      ...(record.text !== undefined ? { text: record.text } : {}),
      cachedStats: {},
    },
    highlighted: false,
    invalidated: true,
    isLocked: false,
    isVisible: true,
  };
}

/** Updates a live annotation in place to a record (handles moved, label changed elsewhere); stats are recomputed on render. */
export function updateAnnotation(annotation: CornerstoneAnnotation, record: AnnotationRecord): void {
  const handles = (annotation.data.handles ??= {});
  handles.points = plain(record.points);
  if (record.textBox) handles.textBox = plain(record.textBox);
  if (record.label !== undefined) annotation.data.label = record.label;
  if (record.text !== undefined) annotation.data.text = record.text;
  annotation.invalidated = true;
}

/** True when the fields the session shares are the same (so an echo of our own write changes nothing). */
export function sameRecord(a: AnnotationRecord, b: AnnotationRecord): boolean {
  return JSON.stringify([a.points, a.textBox, a.label, a.text]) === JSON.stringify([b.points, b.textBox, b.label, b.text]);
}
