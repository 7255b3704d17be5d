import { err, ok } from '@consilium/shared';
import type { DimseConfig, KnownAe } from '../../config.js';
import type { StoredInstance } from '../../retrieve/findInstances.js';
import { CommandField } from '../message/commandSet.js';
import type { ServiceHandler } from '../ScpAssociation.js';
import { MAX_PROPOSED_CONTEXTS, type ProposedContext, ScuAssociation } from '../ScuAssociation.js';
import { TRANSCODE_TARGETS } from '../transcodeDataset.js';
import { type RetrieveDeps, RetrieveStatus, runRetrieve } from './runRetrieve.js';

/**
 * Query/Retrieve MOVE SCP (PS3.4 C.4.2) for the Patient Root and Study Root
 * models. The Move Destination must be a known AE that may receive instances
 * (see moveDestinationOf; its host and port are the configured ones), else
 * A801. The matched instances go over one new association to it, as C-STORE
 * sub-operations carrying the originator's AE title and message ID.
 */
export function moveHandler(deps: RetrieveDeps, config: DimseConfig): ServiceHandler {
  const destinationOf = (title: string | undefined) => moveDestinationOf(config.knownAes, title);
  return (message, association) =>
    runRetrieve(message, association, deps, {
      responseField: CommandField.C_MOVE_RSP,
      refuse: (command) =>
        destinationOf(command.moveDestination)
          ? undefined
          : { status: RetrieveStatus.MoveDestinationUnknown, errorComment: `Move Destination "${command.moveDestination ?? ''}" unknown or may not receive` },
      moveOriginator: (command) => ({ aeTitle: association.info.callingAeTitle, messageId: command.messageId ?? 0 }),
      openTarget: async (instances, command) => {
        const destination = destinationOf(command.moveDestination);
        if (!destination) return err({ status: RetrieveStatus.MoveDestinationUnknown, errorComment: 'Move Destination unknown' });
        const opened = await ScuAssociation.open({
          host: destination.host,
          port: destination.port,
          callingAeTitle: config.aeTitle,
          calledAeTitle: destination.aeTitle,
          contexts: proposeStorageContexts(instances),
          maxPduBytes: config.maxPduBytes,
          timeoutMs: config.timeoutMs,
          logger: association.logger.child({ moveDestination: destination.aeTitle }),
        });
        if (!opened.ok) {
          association.logger.info({ moveDestination: destination.aeTitle, reason: opened.error.message }, 'no association to the move destination');
          return err({ status: RetrieveStatus.UnableToPerform, errorComment: `Move Destination ${destination.aeTitle}: ${opened.error.reason}` });
        }
        const scu = opened.value;
        return ok({
          contexts: [...scu.contexts.values()],
          request: (contextId, request, dataset) => scu.request(contextId, request, dataset),
          close: () => scu.release(),
        });
      },
    });
}

/**
 * The known AE a C-MOVE may send to: the first entry with that title whose
 * services include 'store'. A known AE's services are what it exchanges with
 * the archive; one configured without 'store' (a RIS for worklist only, a
 * find-only client) is not meant to hold images, so a C-MOVE cannot push a
 * study to it (nor use its entry to reach an arbitrary host). The default
 * services list has 'store'.
 */
export function moveDestinationOf(knownAes: readonly KnownAe[], aeTitle: string | undefined): KnownAe | undefined {
  return knownAes.find((ae) => ae.aeTitle === aeTitle && ae.services.includes('store'));
}

/**
 * Presentation contexts for sending `instances`: per SOP class one context in
 * each stored transfer syntax alone (so the destination can take the bytes as
 * stored), and one offering the native syntaxes the archive transcodes into.
 * The latter come first when the 128 context IDs run short.
 */
export function proposeStorageContexts(instances: readonly StoredInstance[]): ProposedContext[] {
  const syntaxes = new Map<string, Set<string>>();
  for (const instance of instances) {
    const set = syntaxes.get(instance.sopClassUID) ?? new Set<string>();
    set.add(instance.transferSyntaxUID);
    syntaxes.set(instance.sopClassUID, set);
  }
  const fallbacks = [...syntaxes.keys()].map((abstractSyntax) => ({ abstractSyntax, transferSyntaxes: [...TRANSCODE_TARGETS] }));
  const exact = [...syntaxes].flatMap(([abstractSyntax, set]) => [...set].map((ts) => ({ abstractSyntax, transferSyntaxes: [ts] })));
  return [...fallbacks, ...exact].slice(0, MAX_PROPOSED_CONTEXTS);
}
