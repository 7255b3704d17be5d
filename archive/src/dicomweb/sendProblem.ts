import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ErrorCode } from '@consilium/shared';
import { problemBody } from './http/problem.js';

/**
 * The one place DICOMweb errors become HTTP: AppError → its status with an
 * RFC 9457 problem body; Fastify's own errors (body too large, bad media type)
 * keep their status; anything else is a 500 with no internals in the body.
 */
export function sendProblem(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof AppError) {
    void reply
      .status(error.httpStatus)
      .type('application/problem+json')
      .send(problemBody(error.httpStatus, ErrorCode[error.code].title, error.message));
    return;
  }
  const fastifyError = error as Partial<FastifyError>;
  const status = fastifyError.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    request.log.info({ code: fastifyError.code, status }, 'request refused');
    void reply
      .status(status)
      .type('application/problem+json')
      .send(problemBody(status, titleFor(status), fastifyError.message ?? 'Bad request'));
    return;
  }
  request.log.error({ err: error }, 'unexpected error while handling a DICOMweb request');
  void reply
    .status(500)
    .type('application/problem+json')
    .send(problemBody(500, 'Internal server error', 'The archive could not complete the request; see the server log.'));
}

function titleFor(status: number): string {
  switch (status) {
    case 413:
      return ErrorCode.PayloadTooLarge.title;
    case 415:
      return ErrorCode.UnsupportedMediaType.title;
    case 404:
      return ErrorCode.NotFound.title;
    default:
      return 'Bad request';
  }
}
