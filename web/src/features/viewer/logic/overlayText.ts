/**
 * The text of the viewport corner overlays. The formats are a contract with the
 * end-to-end tests (`Im: 120/220`, `Loc: -12.50 mm`, `W: 400 L: 40`), so they live
 * in one place.
 */

/** `Im: {n}/{total}` with a 1-based image number. */
export function formatImageNumber(index: number, total: number): string {
  return `Im: ${index + 1}/${total}`;
}

/** `Loc: -12.50 mm`; never prints "-0.00". */
export function formatSliceLocation(locationMm: number): string {
  const fixed = locationMm.toFixed(2);
  return `Loc: ${fixed === '-0.00' ? '0.00' : fixed} mm`;
}

/** `W: 400 L: 40`, both rounded to whole display units (HU for CT). */
export function formatWindowLevel(windowWidth: number, windowCenter: number): string {
  return `W: ${roundDisplay(windowWidth)} L: ${roundDisplay(windowCenter)}`;
}

/** `Zoom: 1.50×`; 1 is "fit to viewport". */
export function formatZoom(zoom: number): string {
  return `Zoom: ${zoom.toFixed(2)}×`;
}

/** `Se: 3 Thorax axial`, leaving out what the series does not carry. */
export function formatSeriesLine(seriesNumber: number | undefined, description: string | undefined): string {
  return [seriesNumber === undefined ? '' : `Se: ${seriesNumber}`, description ?? ''].filter(Boolean).join(' ');
}

function roundDisplay(value: number): string {
  const rounded = Math.round(value);
  return String(Object.is(rounded, -0) ? 0 : rounded);
}
