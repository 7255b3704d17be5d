import { AppError, err, ok, type Result } from '@consilium/shared';

/** Largest viewport side served, so one request cannot ask for a gigapixel image. */
export const MAX_VIEWPORT_SIDE_PX = 8192;

export interface Viewport {
  readonly width: number;
  readonly height: number;
}

const POSITIVE_INTEGER = /^\d+$/;

/**
 * Parses the rendered-resource `viewport` query parameter, PS3.18 8.3.5.1.3:
 * `viewport=vw,vh[,sx,sy,sw,sh]`. The image is scaled to fit inside vw x vh keeping its
 * aspect ratio. The source-region form (sx,sy,sw,sh) is refused: cropping is not
 * implemented.
 */
export function parseViewportParam(value: string): Result<Viewport, AppError> {
  const parts = value.split(',').map((part) => part.trim());
  if (parts.length > 2) {
    return invalid(`viewport source region (sx,sy,sw,sh) is not supported; send "viewport=vw,vh"`);
  }
  if (parts.length !== 2) return invalid(`viewport must be "vw,vh", got "${value}"`);
  const [widthText = '', heightText = ''] = parts;
  for (const [name, text] of [
    ['vw', widthText],
    ['vh', heightText],
  ] as const) {
    if (!POSITIVE_INTEGER.test(text)) return invalid(`viewport ${name} "${text}" is not a positive integer`);
    const n = Number(text);
    if (n < 1 || n > MAX_VIEWPORT_SIDE_PX) {
      return invalid(`viewport ${name} must be between 1 and ${MAX_VIEWPORT_SIDE_PX}, got ${text}`);
    }
  }
  return ok({ width: Number(widthText), height: Number(heightText) });
}

function invalid(reason: string): Result<never, AppError> {
  return err(new AppError('InvalidQuery', reason));
}
