/** Cornerstone viewport id of grid cell `index`; also the `data-testid` of its element. */
export function viewportId(index: number): string {
  return `viewport-${index}`;
}
