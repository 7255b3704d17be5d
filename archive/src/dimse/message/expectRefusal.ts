import { DimseMessageError } from './DimseMessageError.js';

/** The DimseMessageError `run` throws; fails the test if it returns or throws anything else. */
export function refusal(run: () => unknown): DimseMessageError {
  try {
    run();
  } catch (error) {
    if (error instanceof DimseMessageError) return error;
    throw error;
  }
  throw new Error('accepted');
}
