import { AppError, err, ok, type Result } from '@consilium/shared';

/**
 * Parses the rendered-resource `quality` query parameter, PS3.18 8.3.5.1.2: an integer
 * from 1 to 100, meaningful for lossy media types (JPEG here).
 */
export function parseQualityParam(value: string): Result<number, AppError> {
  const text = value.trim();
  const quality = Number(text);
  if (!/^\d+$/.test(text) || quality < 1 || quality > 100) {
    return err(new AppError('InvalidQuery', `quality must be an integer from 1 to 100, got "${value}"`));
  }
  return ok(quality);
}
