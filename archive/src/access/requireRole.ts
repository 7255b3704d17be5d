import type { FastifyRequest } from 'fastify';
import { AppError, type Role } from '@consilium/shared';

/**
 * A route hook refusing callers whose service token names another role
 * (403 before the body is read). The web server's own token passes; with
 * service tokens off (no principal) the route is as open as the rest.
 */
export function requireRole(roles: readonly Role[], what: string): (request: FastifyRequest) => Promise<void> {
  return async (request) => {
    const principal = request.principal;
    if (!principal || principal.service || roles.includes(principal.role)) return;
    throw new AppError('Forbidden', `${what} is for ${roles.join(' and ')} accounts`);
  };
}

/** Roles that see and manage every study (grant access, store, schedule). */
export const STUDY_MANAGERS: readonly Role[] = ['admin', 'radiologist'];
