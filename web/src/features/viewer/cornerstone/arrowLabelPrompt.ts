/**
 * Cornerstone's ArrowAnnotate tool asks for its label through a callback and
 * defaults to `window.prompt`, which blocks the page (and every headless test).
 * The viewer shows its own dialog instead: the tool configuration calls
 * {@link requestArrowLabel}, the mounted dialog registers itself as the handler.
 */
export type LabelCallback = (label: string | null) => void;
type Handler = (done: LabelCallback) => void;

let handler: Handler | undefined;

/** Called by the dialog component while it is mounted; returns the unregister function. */
export function setArrowLabelHandler(next: Handler): () => void {
  handler = next;
  return () => {
    if (handler === next) handler = undefined;
  };
}

/** Called by the tool when an arrow has been drawn; with no dialog mounted the arrow gets a default label. */
export function requestArrowLabel(done: LabelCallback): void {
  if (handler) handler(done);
  else done(DEFAULT_ARROW_LABEL);
}

export const DEFAULT_ARROW_LABEL = 'Finding';
