import type { DimseConfig, DimseService, KnownAe } from '../config.js';
import type { Pdu, PresentationContextAc, RoleSelection } from './pdu/Pdu.js';
import { DICOM_APPLICATION_CONTEXT } from './pdu/Pdu.js';
import { chooseTransferSyntax, serviceOf } from './supportedSyntaxes.js';

type AssociateRq = Extract<Pdu, { type: 'A-ASSOCIATE-RQ' }>;
type AssociateAc = Extract<Pdu, { type: 'A-ASSOCIATE-AC' }>;
type AssociateRj = Extract<Pdu, { type: 'A-ASSOCIATE-RJ' }>;

export const IMPLEMENTATION_CLASS_UID = '1.2.826.0.1.3680043.10.1542.1';
export const IMPLEMENTATION_VERSION_NAME = 'CONSILIUM_0_1';

/** What the rest of the association needs to know about an accepted context. */
export interface AcceptedContext {
  id: number;
  abstractSyntax: string;
  transferSyntax: string;
  service: DimseService;
  /**
   * The requestor also takes the SCP role for this SOP class (SCP/SCU Role
   * Selection, PS3.7 D.3.3.4), so the archive may send it requests on the
   * context: the C-STORE sub-operations of a C-GET (PS3.4 C.4.3.1), or the
   * N-EVENT-REPORT of a Storage Commitment result (PS3.4 J.3.3.1.2).
   */
  peerScpRole?: boolean;
}

export type Negotiation =
  | { kind: 'accept'; ac: AssociateAc; contexts: Map<number, AcceptedContext>; peer: KnownAe | undefined; peerMaxPdu: number }
  | { kind: 'reject'; rj: AssociateRj; reason: string };

/**
 * Answers an A-ASSOCIATE-RQ (PS3.8 7.1.1, PS3.7 D.3.3): the called AE title must
 * be ours, the caller must be a known AE connecting from its configured host
 * (unless unknown callers are accepted), and each presentation context is
 * accepted if its SOP class belongs to a service the caller may use.
 * SCP/SCU role selection (PS3.7 D.3.3.4) is answered for the contexts accepted:
 * the SCU role as proposed, the SCP role only for storage SOP classes of a caller
 * that may C-GET (the archive then acts as Storage SCU towards it) and for
 * Storage Commitment of a caller that may request it (the archive then sends
 * its N-EVENT-REPORT on the same association, PS3.4 J.3.3.1.2). A storage
 * context proposed with the SCP role is accepted for such a caller even when it
 * may not store.
 */
export function negotiateAssociation(rq: AssociateRq, remoteAddress: string, config: DimseConfig): Negotiation {
  const reject = (source: 1 | 2 | 3, reasonCode: number, reason: string): Negotiation => ({
    kind: 'reject',
    rj: { type: 'A-ASSOCIATE-RJ', result: 1, source, reason: reasonCode },
    reason,
  });
  if (rq.applicationContext !== DICOM_APPLICATION_CONTEXT) return reject(1, 2, 'application context name not supported');
  if (rq.calledAeTitle.trim() !== config.aeTitle) return reject(1, 7, 'called AE title not recognised');
  const peer = findKnownAe(config.knownAes, rq.callingAeTitle.trim(), remoteAddress);
  if (!peer && !config.acceptUnknown) return reject(1, 3, 'calling AE title not recognised (or not from its configured host)');
  const allowed = new Set<DimseService>(peer ? peer.services : ['echo', 'store', 'find', 'move', 'get', 'worklist', 'commitment']);

  const roles = answerRoleSelections(rq.userInformation.roleSelections, allowed);
  const contexts = new Map<number, AcceptedContext>();
  const answered: PresentationContextAc[] = rq.presentationContexts.map((pc) => {
    const service = serviceOf(pc.abstractSyntax);
    const role = roles.get(pc.abstractSyntax);
    if (!service || !(allowed.has(service) || role?.scpRole)) return { id: pc.id, result: 3, transferSyntax: '' };
    const transferSyntax = chooseTransferSyntax(service, pc.transferSyntaxes);
    if (!transferSyntax) return { id: pc.id, result: 4, transferSyntax: '' };
    contexts.set(pc.id, { id: pc.id, abstractSyntax: pc.abstractSyntax, transferSyntax, service, peerScpRole: role?.scpRole ?? false });
    return { id: pc.id, result: 0, transferSyntax };
  });
  const acceptedSyntaxes = new Set([...contexts.values()].map((c) => c.abstractSyntax));
  const roleSelections: RoleSelection[] = [...roles.values()].filter((r) => acceptedSyntaxes.has(r.sopClassUid));

  return {
    kind: 'accept',
    peer,
    peerMaxPdu: rq.userInformation.maxPduLength,
    contexts,
    ac: {
      type: 'A-ASSOCIATE-AC',
      protocolVersion: 1,
      calledAeTitle: rq.calledAeTitle,
      callingAeTitle: rq.callingAeTitle,
      applicationContext: DICOM_APPLICATION_CONTEXT,
      presentationContexts: answered,
      userInformation: {
        maxPduLength: config.maxPduBytes,
        implementationClassUid: IMPLEMENTATION_CLASS_UID,
        implementationVersionName: IMPLEMENTATION_VERSION_NAME,
        roleSelections,
        extendedNegotiation: [],
      },
    },
  };
}

/**
 * The acceptor's answer to each role selection item (PS3.7 D.3.3.4, Table
 * D.3-10): a role is 1 only if the requestor proposed it and the archive can
 * play the other side; the SCU role for any SOP class the caller may use, the
 * SCP role for storage when the caller may C-GET and for Storage Commitment
 * when it may request commitment. Repeated items for one SOP class: the first
 * counts.
 */
function answerRoleSelections(proposed: readonly RoleSelection[], allowed: ReadonlySet<DimseService>): Map<string, RoleSelection> {
  const answers = new Map<string, RoleSelection>();
  for (const r of proposed) {
    if (answers.has(r.sopClassUid)) continue;
    const service = serviceOf(r.sopClassUid);
    answers.set(r.sopClassUid, {
      sopClassUid: r.sopClassUid,
      scuRole: r.scuRole && service !== undefined && allowed.has(service),
      scpRole: r.scpRole && acceptsPeerScpRole(service, allowed),
    });
  }
  return answers;
}

/**
 * Whether the archive plays the other side when the caller takes the SCP role:
 * Storage SCU of C-GET sub-operations (PS3.4 C.4.3.1), or the Storage
 * Commitment SCP sending its result on the caller's own association (a
 * requestor proposing both roles for it, as dcm4che's storescu does, says it
 * takes N-EVENT-REPORTs there; PS3.4 J.3.3.1.2).
 */
function acceptsPeerScpRole(service: DimseService | undefined, allowed: ReadonlySet<DimseService>): boolean {
  if (service === 'store') return allowed.has('get');
  if (service === 'commitment') return allowed.has('commitment');
  return false;
}

/** A known AE by title whose configured host is the caller's address (IPv4-mapped IPv6 folded). */
function findKnownAe(knownAes: readonly KnownAe[], aeTitle: string, remoteAddress: string): KnownAe | undefined {
  const address = remoteAddress.replace(/^::ffff:/, '');
  return knownAes.find((ae) => ae.aeTitle === aeTitle && (ae.host === address || (ae.host === 'localhost' && (address === '127.0.0.1' || address === '::1'))));
}
