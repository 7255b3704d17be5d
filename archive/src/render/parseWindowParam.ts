import { AppError, err, ok, type Result } from '@consilium/shared';
import type { VoiWindow } from './applyVoiLutFunction.js';
import type { VoiLutFunction } from './RenderableImage.js';

/** PS3.18 8.3.5.1.4 function names and the VOILUTFunction (PS3.3 C.11.2.1.3) each means. */
const FUNCTIONS: Readonly<Record<string, VoiLutFunction>> = {
  linear: 'LINEAR',
  'linear-exact': 'LINEAR_EXACT',
  sigmoid: 'SIGMOID',
};

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parses the rendered-resource `window` query parameter, PS3.18 8.3.5.1.4:
 * `window=center,width,function` with function one of linear, linear-exact, sigmoid.
 * The standard makes all three mandatory; a missing function is read as linear.
 * Width must be at least 1 for linear (PS3.3 C.11.2.1.2.1) and above 0 otherwise.
 */
export function parseWindowParam(value: string): Result<VoiWindow, AppError> {
  const parts = value.split(',').map((part) => part.trim());
  if (parts.length < 2 || parts.length > 3) {
    return invalid(`window must be "center,width,function", got "${value}"`);
  }
  const [centerText = '', widthText = '', functionText = 'linear'] = parts;
  if (!DECIMAL.test(centerText)) return invalid(`window center "${centerText}" is not a decimal number`);
  if (!DECIMAL.test(widthText)) return invalid(`window width "${widthText}" is not a decimal number`);
  const fn = FUNCTIONS[functionText.toLowerCase()];
  if (fn === undefined) {
    return invalid(`window function "${functionText}" is not one of linear, linear-exact, sigmoid`);
  }
  const center = Number(centerText);
  const width = Number(widthText);
  if (!Number.isFinite(center) || !Number.isFinite(width)) return invalid(`window "${value}" is out of range`);
  if (fn === 'LINEAR' && width < 1) return invalid(`window width must be at least 1 for linear, got ${widthText}`);
  if (width <= 0) return invalid(`window width must be greater than 0, got ${widthText}`);
  return ok({ center, width, function: fn });
}

function invalid(reason: string): Result<never, AppError> {
  return err(new AppError('InvalidQuery', reason));
}
