/** Media type of an RFC 9457 problem details body. */
export const PROBLEM_JSON_MEDIA_TYPE = 'application/problem+json';

/** RFC 9457 3.1 members; `about:blank` says the HTTP status alone is the problem type. */
export interface ProblemDetails {
  type: 'about:blank';
  title: string;
  status: number;
  detail: string;
}

/**
 * The body of an error response (RFC 9457, `application/problem+json`).
 * PS3.18 leaves the payload of most error responses to the origin server,
 * so clients get the standard HTTP one. `detail` is read by humans: never put patient demographics in it.
 */
export function problemBody(status: number, title: string, detail: string): ProblemDetails {
  return { type: 'about:blank', title, status, detail };
}
