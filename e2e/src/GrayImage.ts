/** An axis-aligned box of pixels, inclusive of x0/y0, exclusive of x1/y1. */
export interface PixelBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * An 8-bit luminance image read from a viewport canvas, with the statistics the
 * end-to-end tests judge a rendering by: is anything there, where is it, how
 * bright is it.
 */
export class GrayImage {
  constructor(
    readonly width: number,
    readonly height: number,
    readonly pixels: Uint8Array,
  ) {
    if (pixels.length !== width * height) throw new Error(`${pixels.length} pixels for ${width}x${height}`);
  }

  static fromBase64(width: number, height: number, base64: string): GrayImage {
    return new GrayImage(width, height, new Uint8Array(Buffer.from(base64, 'base64')));
  }

  at(x: number, y: number): number {
    return this.pixels[y * this.width + x] ?? 0;
  }

  /** Mean luminance over `box` (the whole image by default). */
  mean(box: PixelBox = this.full()): number {
    let sum = 0;
    let n = 0;
    this.forEach(box, (v) => {
      sum += v;
      n++;
    });
    return n ? sum / n : 0;
  }

  /** Share of pixels in `box` brighter than `threshold`. */
  fractionAbove(threshold: number, box: PixelBox = this.full()): number {
    let above = 0;
    let n = 0;
    this.forEach(box, (v) => {
      if (v > threshold) above++;
      n++;
    });
    return n ? above / n : 0;
  }

  /**
   * The bounding box of pixels brighter than `threshold`, ignoring rows and
   * columns with fewer than `minCount` of them (stray noise, a thin line).
   */
  boundsAbove(threshold: number, minCount = 3): PixelBox | undefined {
    const rows = new Array<number>(this.height).fill(0);
    const columns = new Array<number>(this.width).fill(0);
    this.forEach(this.full(), (v, x, y) => {
      if (v <= threshold) return;
      rows[y] = (rows[y] ?? 0) + 1;
      columns[x] = (columns[x] ?? 0) + 1;
    });
    const y0 = rows.findIndex((c) => c >= minCount);
    const x0 = columns.findIndex((c) => c >= minCount);
    if (y0 < 0 || x0 < 0) return undefined;
    const y1 = rows.findLastIndex((c) => c >= minCount) + 1;
    const x1 = columns.findLastIndex((c) => c >= minCount) + 1;
    return { x0, y0, x1, y1 };
  }

  /** Mean absolute difference from another image of the same size (0 = identical). */
  difference(other: GrayImage): number {
    if (other.width !== this.width || other.height !== this.height) return Infinity;
    let sum = 0;
    for (let i = 0; i < this.pixels.length; i++) sum += Math.abs((this.pixels[i] ?? 0) - (other.pixels[i] ?? 0));
    return sum / this.pixels.length;
  }

  private full(): PixelBox {
    return { x0: 0, y0: 0, x1: this.width, y1: this.height };
  }

  private forEach(box: PixelBox, visit: (value: number, x: number, y: number) => void): void {
    const x0 = Math.max(0, Math.floor(box.x0));
    const y0 = Math.max(0, Math.floor(box.y0));
    const x1 = Math.min(this.width, Math.ceil(box.x1));
    const y1 = Math.min(this.height, Math.ceil(box.y1));
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) visit(this.pixels[y * this.width + x] ?? 0, x, y);
    }
  }
}

export function boxWidth(box: PixelBox): number {
  return box.x1 - box.x0;
}

export function boxHeight(box: PixelBox): number {
  return box.y1 - box.y0;
}
