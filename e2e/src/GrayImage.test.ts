import { describe, expect, it } from 'vitest';
import { GrayImage, boxHeight, boxWidth } from './GrayImage.js';

/** 20x10 black image with a 8x4 white rectangle at (5,3) and one stray bright pixel. */
function rectangleImage(): GrayImage {
  const pixels = new Uint8Array(200);
  for (let y = 3; y < 7; y++) for (let x = 5; x < 13; x++) pixels[y * 20 + x] = 200;
  pixels[0] = 255;
  return new GrayImage(20, 10, pixels);
}

describe('GrayImage', () => {
  it('finds the bounds of the bright region, ignoring a stray pixel', () => {
    const bounds = rectangleImage().boundsAbove(100);
    expect(bounds).toEqual({ x0: 5, y0: 3, x1: 13, y1: 7 });
    expect(bounds && [boxWidth(bounds), boxHeight(bounds)]).toEqual([8, 4]);
  });

  it('has no bounds when nothing is bright', () => {
    expect(new GrayImage(4, 4, new Uint8Array(16)).boundsAbove(10)).toBeUndefined();
  });

  it('measures mean, bright fraction and difference', () => {
    const image = rectangleImage();
    expect(image.mean({ x0: 5, y0: 3, x1: 13, y1: 7 })).toBe(200);
    expect(image.fractionAbove(100)).toBeCloseTo(33 / 200);
    expect(image.difference(image)).toBe(0);
    expect(image.difference(new GrayImage(20, 10, new Uint8Array(200)))).toBeCloseTo((32 * 200 + 255) / 200);
  });

  it('round-trips base64 luminance', () => {
    const image = GrayImage.fromBase64(2, 2, Buffer.from([1, 2, 3, 4]).toString('base64'));
    expect(image.at(1, 1)).toBe(4);
  });
});
