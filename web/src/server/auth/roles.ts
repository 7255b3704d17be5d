import { createAccessControl } from 'better-auth/plugins/access';
import { adminAc, defaultStatements } from 'better-auth/plugins/admin/access';
import { type Role as ClaimRole, ROLES } from '@consilium/shared';

/**
 * What each role may do (better-auth access control; the browser's auth client
 * reads it too, so no server-only code here): user administration is
 * the admin's; which studies a role sees is the archive's to enforce, from the
 * role in the service token.
 */
const statements = { ...defaultStatements, study: ['read-all', 'read-granted', 'share'] } as const;
export const accessControl = createAccessControl(statements);

export const roles: Record<ClaimRole, ReturnType<typeof accessControl.newRole>> = {
  admin: accessControl.newRole({ ...adminAc.statements, study: ['read-all', 'read-granted', 'share'] }),
  radiologist: accessControl.newRole({ study: ['read-all', 'share'] }),
  physician: accessControl.newRole({ study: ['read-granted', 'share'] }),
  guest: accessControl.newRole({ study: ['read-granted'] }),
};

export { ROLES };
