/**
 * Performance marks the viewer sets on its way to the first image, read by the
 * bench (e2e/src/bench/viewerBench.ts). No Cornerstone import here: the route
 * chunk marks the metadata before the Cornerstone chunk has loaded.
 */
export const FIRST_IMAGE_MARK = 'consilium:first-image';
export const PHASE_MARKS = { metadata: 'consilium:study-metadata', cornerstone: 'consilium:cornerstone-ready', firstImage: FIRST_IMAGE_MARK } as const;

/** Sets a mark once per page. */
export function markPhase(phase: keyof typeof PHASE_MARKS): void {
  if (performance.getEntriesByName(PHASE_MARKS[phase]).length === 0) performance.mark(PHASE_MARKS[phase]);
}
