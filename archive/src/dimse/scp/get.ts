import { ok } from '@consilium/shared';
import { CommandField } from '../message/commandSet.js';
import type { ServiceHandler } from '../ScpAssociation.js';
import { type RetrieveDeps, runRetrieve } from './runRetrieve.js';

/**
 * Query/Retrieve GET SCP (PS3.4 C.4.3) for the Patient Root and Study Root
 * models: the matched instances go back on the same association as C-STORE
 * sub-operations, on the storage contexts the requester proposed with the SCP
 * role (PS3.4 C.4.3.1, PS3.7 D.3.3.4). An instance without such a context in a
 * syntax it is stored in or transcodes to is a failed sub-operation.
 */
export function getHandler(deps: RetrieveDeps): ServiceHandler {
  return (message, association) =>
    runRetrieve(message, association, deps, {
      responseField: CommandField.C_GET_RSP,
      openTarget: async () =>
        ok({
          contexts: [...association.contexts.values()].filter((c) => c.service === 'store' && c.peerScpRole === true),
          request: (contextId, request, dataset) => association.request(contextId, request, dataset),
          close: async () => undefined,
        }),
    });
}
