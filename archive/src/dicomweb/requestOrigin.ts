import type { FastifyRequest } from 'fastify';

/** scheme://host of the request as the client addressed it (Host header). */
export function requestOrigin(request: FastifyRequest): string {
  const host = request.headers.host ?? `${request.hostname}`;
  return `${request.protocol}://${host}`;
}
