import { describe, expect, it } from 'vitest';
import { SopClass, TransferSyntax } from '@consilium/shared';
import type { DimseConfig, DimseService } from '../config.js';
import { negotiateAssociation } from './negotiateAssociation.js';
import { DICOM_APPLICATION_CONTEXT, type Pdu, type RoleSelection } from './pdu/Pdu.js';

const NATIVE = [TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ImplicitVRLittleEndian];

function config(services: DimseService[]): DimseConfig {
  return {
    port: 0,
    aeTitle: 'CONSILIUM',
    maxPduBytes: 65536,
    tls: undefined,
    acceptUnknown: false,
    knownAes: [{ aeTitle: 'VIEWER', host: '127.0.0.1', port: 104, services }],
    timeoutMs: 1000,
  };
}

/** A getscu-like proposal: the GET model, CT storage with the given role selection, MR storage without one. */
function request(roles: RoleSelection[]): Extract<Pdu, { type: 'A-ASSOCIATE-RQ' }> {
  return {
    type: 'A-ASSOCIATE-RQ',
    protocolVersion: 1,
    calledAeTitle: 'CONSILIUM',
    callingAeTitle: 'VIEWER',
    applicationContext: DICOM_APPLICATION_CONTEXT,
    presentationContexts: [
      { id: 1, abstractSyntax: SopClass.StudyRootQueryRetrieveInformationModelGet, transferSyntaxes: NATIVE },
      { id: 3, abstractSyntax: SopClass.CTImageStorage, transferSyntaxes: NATIVE },
      { id: 5, abstractSyntax: SopClass.MRImageStorage, transferSyntaxes: NATIVE },
    ],
    userInformation: { maxPduLength: 16384, implementationClassUid: '2.25.1', roleSelections: roles, extendedNegotiation: [] },
  };
}

const ctRole = (scuRole: boolean, scpRole: boolean): RoleSelection => ({ sopClassUid: SopClass.CTImageStorage, scuRole, scpRole });

/** PS3.7 D.3.3.4, Table D.3-10: a role is accepted only if proposed and the archive can take the other side. */
describe('negotiateAssociation answers SCP/SCU role selection', () => {
  it('accepts the SCP role for storage from a caller that may C-GET, even without the store service', () => {
    const n = negotiateAssociation(request([ctRole(false, true)]), '127.0.0.1', config(['get']));
    if (n.kind !== 'accept') throw new Error(n.reason);
    expect(n.ac.userInformation.roleSelections).toEqual([ctRole(false, true)]);
    expect(n.contexts.get(3)).toMatchObject({ abstractSyntax: SopClass.CTImageStorage, service: 'store', peerScpRole: true });
    // MR was proposed without the SCP role: not a store the caller may use, so refused.
    expect(n.ac.presentationContexts.find((pc) => pc.id === 5)?.result).toBe(3);
  });

  it('keeps the SCU role only where the caller may use the service', () => {
    const mayGet = negotiateAssociation(request([ctRole(true, true)]), '127.0.0.1', config(['get']));
    const mayStoreAndGet = negotiateAssociation(request([ctRole(true, true)]), '127.0.0.1', config(['get', 'store']));
    if (mayGet.kind !== 'accept' || mayStoreAndGet.kind !== 'accept') throw new Error('rejected');
    expect(mayGet.ac.userInformation.roleSelections).toEqual([ctRole(false, true)]);
    expect(mayStoreAndGet.ac.userInformation.roleSelections).toEqual([ctRole(true, true)]);
  });

  it('declines the SCP role to a caller that may store but not C-GET', () => {
    const n = negotiateAssociation(request([ctRole(true, true)]), '127.0.0.1', config(['store']));
    if (n.kind !== 'accept') throw new Error(n.reason);
    expect(n.ac.userInformation.roleSelections).toEqual([ctRole(true, false)]);
    expect(n.contexts.get(3)?.peerScpRole).toBe(false);
    expect(n.contexts.has(1)).toBe(false);
  });

  it('never answers a role with 1 that was proposed as 0', () => {
    const n = negotiateAssociation(request([ctRole(false, false)]), '127.0.0.1', config(['get', 'store']));
    if (n.kind !== 'accept') throw new Error(n.reason);
    expect(n.ac.userInformation.roleSelections).toEqual([ctRole(false, false)]);
  });

  it('answers no role selection for a SOP class whose context was not accepted', () => {
    const n = negotiateAssociation(request([{ sopClassUid: '1.2.3.4', scuRole: true, scpRole: true }]), '127.0.0.1', config(['get', 'store']));
    if (n.kind !== 'accept') throw new Error(n.reason);
    expect(n.ac.userInformation.roleSelections).toEqual([]);
  });
});

describe('negotiateAssociation answers role selection for Storage Commitment', () => {
  const commitmentRq = (roles: RoleSelection[]): Extract<Pdu, { type: 'A-ASSOCIATE-RQ' }> => ({
    ...request(roles),
    presentationContexts: [{ id: 1, abstractSyntax: SopClass.StorageCommitmentPushModel, transferSyntaxes: NATIVE }],
  });
  const both: RoleSelection = { sopClassUid: SopClass.StorageCommitmentPushModel, scuRole: true, scpRole: true };

  it('accepts both roles from a caller that may request commitment, so its report may come on this association', () => {
    const n = negotiateAssociation(commitmentRq([both]), '127.0.0.1', config(['commitment']));
    if (n.kind !== 'accept') throw new Error(n.reason);
    expect(n.ac.userInformation.roleSelections).toEqual([both]);
    expect(n.contexts.get(1)).toMatchObject({ service: 'commitment', peerScpRole: true });
  });

  it('refuses the context and both roles to a caller without the commitment service', () => {
    const n = negotiateAssociation(commitmentRq([both]), '127.0.0.1', config(['store']));
    if (n.kind !== 'accept') throw new Error(n.reason);
    expect(n.ac.presentationContexts[0]?.result).toBe(3);
    expect(n.ac.userInformation.roleSelections).toEqual([]);
  });

  it('leaves peerScpRole false without a role selection item', () => {
    const n = negotiateAssociation(commitmentRq([]), '127.0.0.1', config(['commitment']));
    if (n.kind !== 'accept') throw new Error(n.reason);
    expect(n.contexts.get(1)?.peerScpRole).toBe(false);
  });
});
