/**
 * Error codes every service agrees on. Each transport translates an AppError in
 * exactly one place: HTTP status (+ DICOMweb failure reason), DIMSE status
 * (PS3.7 Annex C), or a socket ack/close code.
 */
export const ErrorCode = {
  InvalidDicom: { http: 400, dimse: 0xc000, title: 'Cannot understand the DICOM data set' },
  MissingAttribute: { http: 400, dimse: 0xa900, title: 'A required attribute is missing' },
  /** PS3.4 B.2.3 status A900: the data set's SOPClassUID is not the class it was sent as. */
  SopClassMismatch: { http: 400, dimse: 0xa900, title: 'Data set does not match SOP Class' },
  StudyMismatch: { http: 409, dimse: 0xa900, title: 'Study Instance UID does not match the target study' },
  DuplicateInstance: { http: 409, dimse: 0x0111, title: 'Duplicate SOP Instance with different content' },
  UnsupportedTransferSyntax: { http: 415, dimse: 0xc122, title: 'Transfer syntax not supported' },
  UnsupportedMediaType: { http: 415, dimse: 0xc000, title: 'Unsupported media type' },
  NotAcceptable: { http: 406, dimse: 0xc000, title: 'Requested representation not available' },
  InvalidQuery: { http: 400, dimse: 0xa900, title: 'Invalid query' },
  NotFound: { http: 404, dimse: 0xc000, title: 'Not found' },
  PayloadTooLarge: { http: 413, dimse: 0xa700, title: 'Payload too large' },
  OutOfResources: { http: 503, dimse: 0xa700, title: 'Out of resources' },
  Unauthorized: { http: 401, dimse: 0x0124, title: 'Not authorised' },
  Forbidden: { http: 403, dimse: 0x0124, title: 'Forbidden' },
  /** A service this one depends on (the token issuer's keys, say) did not answer. */
  DependencyUnavailable: { http: 503, dimse: 0xa700, title: 'A service this one depends on is unavailable' },
  ProcessingFailure: { http: 500, dimse: 0x0110, title: 'Processing failure' },
  /** Socket handshake: the client speaks another REALTIME_PROTOCOL_VERSION. */
  ProtocolVersionMismatch: { http: 426, dimse: 0xc000, title: 'Protocol version not supported' },
  /** A socket message that does not match its schema. */
  MalformedMessage: { http: 400, dimse: 0xc000, title: 'Malformed message' },
  /** A socket message type the server does not know. */
  UnknownMessage: { http: 400, dimse: 0xc000, title: 'Unknown message type' },
} as const;

export type ErrorCodeName = keyof typeof ErrorCode;

/** An expected failure with a code every transport knows how to translate. */
export class AppError extends Error {
  readonly code: ErrorCodeName;

  constructor(code: ErrorCodeName, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
  }

  get httpStatus(): number {
    return ErrorCode[this.code].http;
  }

  get dimseStatus(): number {
    return ErrorCode[this.code].dimse;
  }
}

export type Result<T, E = AppError> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });

/** Exhaustiveness check for switches over unions. */
export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
