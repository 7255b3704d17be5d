import { expect } from 'vitest';

/** Asserts an RFC 9457 problem response with `status` (how sendProblem answers every DICOMweb error). */
export async function expectProblem(response: Response, status: number): Promise<void> {
  expect(response.status, response.url).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await response.json()) as { status?: number };
  expect(body.status).toBe(status);
}
