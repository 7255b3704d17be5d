import type { DicomJsonDict } from 'dcmjs';
import { type AuditActor, type AuditRecord, AuditOutcome } from '@consilium/shared';
import type { IngestOutcome } from '../ingest/ingestInstance.js';
import { decodeDataset } from '../dimse/message/dataset.js';
import type { AssociationHandle, AssociationInfo, ServiceHandler } from '../dimse/ScpAssociation.js';
import type { AuditSink } from './AuditTrail.js';
import { auditObjectsOfResults } from './httpAudit.js';

/** A DIMSE peer as the audit names it: its calling AE title, from its address. */
export function aeActor(info: Pick<AssociationInfo, 'callingAeTitle' | 'remoteAddress'>): AuditActor {
  return { userId: info.callingAeTitle || '(no AE title)', aeTitle: info.callingAeTitle.slice(0, 16), networkAddress: info.remoteAddress.replace(/^::ffff:/, '') };
}

/** PS3.7 C.1: success 0000, pending FFxx, cancel FE00, warning Bxxx or 0001, failures otherwise. */
export function outcomeOfDimseStatus(status: number | undefined): AuditRecord['outcome'] {
  if (status === 0x0000) return AuditOutcome.Success;
  // Cancelled at the requester's wish: not the archive's failure.
  if (status === 0xfe00) return AuditOutcome.MinorFailure;
  if (status === undefined || status >= 0xc000 || (status >= 0xa000 && status < 0xb000)) return AuditOutcome.SeriousFailure;
  return AuditOutcome.MinorFailure;
}

const isPending = (status: number | undefined) => status === 0xff00 || status === 0xff01;
const hex = (status: number | undefined) => (status === undefined ? 'none' : status.toString(16).toUpperCase().padStart(4, '0'));

/** The keys of an identifier that carry a value, as `tag=value` (the query of a C-FIND, the scope of a C-MOVE). */
export function identifierKeys(identifier: DicomJsonDict): string {
  const parts: string[] = [];
  for (const [tag, element] of Object.entries(identifier)) {
    const values = (element?.Value ?? []).filter((v) => v !== null && v !== '' && v !== undefined);
    if (values.length === 0 || element?.vr === 'SQ') continue;
    parts.push(`${tag}=${values.map((v) => (typeof v === 'object' ? ((v as { Alphabetic?: string }).Alphabetic ?? '') : String(v))).join('\\')}`);
  }
  return parts.join(' ');
}

type Operation = 'C-FIND' | 'C-MOVE' | 'C-GET';

/**
 * A Q/R or worklist service with its audit record (PS3.15 A.5.3.10 Query for
 * C-FIND, A.5.3.7 DICOM Instances Transferred for C-MOVE and C-GET), taken
 * from what crossed the association: the request identifier, the matches sent
 * back, the final status and sub-operation counts. The service itself is
 * unchanged; only its sends are observed.
 */
export function audited(handler: ServiceHandler, sink: AuditSink, operation: Operation): ServiceHandler {
  return async (message, association) => {
    const identifier = safeDecode(message.dataset, message.context.transferSyntax);
    const matches: DicomJsonDict[] = [];
    let final: { status: number | undefined; completed: number | undefined; destination: string | undefined } | undefined;
    const observing: AssociationHandle = {
      get info() {
        return association.info;
      },
      get logger() {
        return association.logger;
      },
      get contexts() {
        return association.contexts;
      },
      get isOpen() {
        return association.isOpen;
      },
      get closing() {
        return association.closing;
      },
      request: (contextId, command, dataset) => association.request(contextId, command, dataset),
      isCancelled: (messageId) => association.isCancelled(messageId),
      send: (contextId, command, dataset) => {
        if (isPending(command.status)) {
          if (operation === 'C-FIND' && dataset) matches.push(safeDecode(dataset, message.context.transferSyntax) ?? {});
        } else {
          final = { status: command.status, completed: command.numberOfCompletedSuboperations, destination: message.command.moveDestination };
        }
        return association.send(contextId, command, dataset);
      },
    };
    try {
      await handler(message, observing);
    } finally {
      sink.record(serviceRecord(operation, association.info, identifier, matches, final));
    }
  };
}

function serviceRecord(
  operation: Operation,
  info: AssociationInfo,
  identifier: DicomJsonDict | undefined,
  matches: DicomJsonDict[],
  final: { status: number | undefined; completed: number | undefined; destination: string | undefined } | undefined,
): AuditRecord {
  const asked = auditObjectsOfResults(identifier ? [identifier] : []);
  const found = auditObjectsOfResults(matches);
  const outcome = outcomeOfDimseStatus(final?.status);
  const union = (a: string[], b: string[]) => [...new Set([...a, ...b])].slice(0, 1000);
  return {
    event: operation === 'C-FIND' ? 'Query' : 'InstancesTransferred',
    action: operation === 'C-FIND' ? 'E' : 'R',
    outcome,
    ...(outcome !== AuditOutcome.Success ? { outcomeDescription: `DIMSE status ${hex(final?.status)}` } : {}),
    operation,
    source: 'archive',
    actor: aeActor(info),
    ...(operation === 'C-MOVE' && final?.destination ? { destination: { userId: final.destination, aeTitle: final.destination.slice(0, 16) } } : {}),
    patientIds: union(asked.patientIds, found.patientIds),
    studyInstanceUIDs: union(asked.studyInstanceUIDs, found.studyInstanceUIDs),
    ...(operation !== 'C-FIND' && final?.completed !== undefined ? { instances: final.completed } : {}),
    ...(operation === 'C-FIND' && identifier ? { query: identifierKeys(identifier).slice(0, 4096) } : {}),
    at: new Date().toISOString(),
  };
}

function safeDecode(dataset: Buffer | undefined, transferSyntax: string): DicomJsonDict | undefined {
  if (!dataset) return undefined;
  try {
    return decodeDataset(dataset, transferSyntax);
  } catch {
    // The service answers a bad identifier with its own status; the audit keeps what it can.
    return undefined;
  }
}

interface StoreTally {
  studies: Set<string>;
  stored: number;
  refused: number;
}

/**
 * The C-STOREs of an association as one DICOM Instances Transferred record
 * (action Create), written when the association ends: a modality sending 500
 * images leaves one record naming its studies and the count, not 500. A store
 * that completes after the association ended gets a record of its own.
 */
export class StoreAudit {
  readonly #tallies = new WeakMap<AssociationHandle, StoreTally & { ended: boolean }>();

  constructor(private readonly sink: AuditSink) {}

  stored(association: AssociationHandle, outcome: IngestOutcome): void {
    let tally = this.#tallies.get(association);
    if (!tally || tally.ended) {
      tally = { studies: new Set(), stored: 0, refused: 0, ended: false };
      const mine = tally;
      this.#tallies.set(association, mine);
      void association.closing.then(() =>
        setImmediate(() => {
          mine.ended = true;
          this.sink.record(storeRecord(association.info, mine));
        }),
      );
    }
    if (outcome.status === 'stored' || outcome.status === 'replaced' || outcome.status === 'duplicate') {
      tally.stored++;
      tally.studies.add(outcome.uids.studyInstanceUID);
    } else {
      tally.refused++;
      if (outcome.uids.studyInstanceUID) tally.studies.add(outcome.uids.studyInstanceUID);
    }
  }
}

function storeRecord(info: AssociationInfo, tally: StoreTally): AuditRecord {
  const outcome = tally.refused === 0 ? AuditOutcome.Success : tally.stored === 0 ? AuditOutcome.SeriousFailure : AuditOutcome.MinorFailure;
  return {
    event: 'InstancesTransferred',
    action: 'C',
    outcome,
    ...(tally.refused > 0 ? { outcomeDescription: `${tally.refused} of ${tally.stored + tally.refused} instances refused` } : {}),
    operation: 'C-STORE',
    source: 'archive',
    actor: aeActor(info),
    patientIds: [],
    studyInstanceUIDs: [...tally.studies].slice(0, 1000),
    instances: tally.stored,
    at: new Date().toISOString(),
  };
}

/** A refused association (unknown AE, wrong host, bad called AE): PS3.15 A.5.3.11 Security Alert, Node Authentication. */
export function rejectedAssociationRecord(info: Pick<AssociationInfo, 'callingAeTitle' | 'remoteAddress'>, reason: string): AuditRecord {
  return {
    event: 'SecurityAlert',
    action: 'E',
    outcome: AuditOutcome.MinorFailure,
    outcomeDescription: reason.slice(0, 256),
    operation: 'A-ASSOCIATE',
    source: 'archive',
    actor: aeActor(info),
    patientIds: [],
    studyInstanceUIDs: [],
    at: new Date().toISOString(),
  };
}
