import type { DicomJsonDict } from 'dcmjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SopClass, Tag, TransferSyntax } from '@consilium/shared';
import { type TestLog, createTestLogger } from '../bus/createTestLogger.js';
import type { DimseConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { makeInstance, newUid } from '../testing/makeInstance.js';
import { type TestArchive, startTestArchive, testBackends } from '../testing/testArchive.js';
import type { DimseResponse } from './DimseAssociation.js';
import { DimseServer } from './DimseServer.js';
import { type Command, CommandField } from './message/commandSet.js';
import { decodeDataset, encodeDataset } from './message/dataset.js';
import { locateDataset } from './message/part10.js';
import type { NegotiatedContext, ReceivedMessage } from './MessageAssembler.js';
import type { RoleSelection } from './pdu/Pdu.js';
import { ScuAssociation } from './ScuAssociation.js';

const EXPLICIT = [TransferSyntax.ExplicitVRLittleEndian];
const COMMITMENT = SopClass.StorageCommitmentPushModel;
const COMMITMENT_INSTANCE = SopClass.StorageCommitmentPushModelInstance;
const BOTH_ROLES: RoleSelection = { sopClassUid: COMMITMENT, scuRole: true, scpRole: true };
const silent = createLogger('silent');

interface Reference {
  sopClassUid: string;
  sopInstanceUid: string;
}

interface Report {
  command: Command;
  info: DicomJsonDict;
  context: NegotiatedContext & { peerScpRole?: boolean };
  /** The AE that sent it, when it came to the listener (the SCU's own association has no such field). */
  callingAe: string | undefined;
}

/** N-EVENT-REPORT-RQs received by one end, each answered with success unless `answer` is false; `nth(n)` waits for the n-th (1-based). */
class ReportInbox {
  readonly received: Report[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(private readonly answer = true) {}

  readonly handler = async (
    message: ReceivedMessage,
    association: { send(contextId: number, command: Command): Promise<void>; info?: { callingAeTitle: string } },
  ): Promise<void> => {
    const { command, context, dataset } = message;
    this.received.push({ command, context, info: dataset ? decodeDataset(dataset, context.transferSyntax) : {}, callingAe: association.info?.callingAeTitle });
    if (this.answer) await this.respond(message, association);
    for (const listener of this.listeners) listener();
  };

  private respond({ command, context }: ReceivedMessage, association: { send(contextId: number, command: Command): Promise<void> }): Promise<void> {
    return association.send(context.id, {
      commandField: CommandField.N_EVENT_REPORT_RSP,
      messageIdBeingRespondedTo: command.messageId,
      affectedSopClassUid: command.affectedSopClassUid,
      affectedSopInstanceUid: command.affectedSopInstanceUid,
      eventTypeId: command.eventTypeId,
      status: 0,
      hasDataset: false,
    });
  }

  nth(n: number): Promise<Report> {
    return new Promise((resolve) => {
      const check = () => {
        const report = this.received[n - 1];
        if (!report) return;
        this.listeners.delete(check);
        resolve(report);
      };
      this.listeners.add(check);
      check();
    });
  }
}

const refs = (items: DicomJsonDict[] | undefined): Reference[] =>
  (items ?? []).map((item) => ({ sopClassUid: String(item[Tag.ReferencedSOPClassUID]?.Value?.[0]), sopInstanceUid: String(item[Tag.ReferencedSOPInstanceUID]?.Value?.[0]) }));
const failures = (items: DicomJsonDict[] | undefined) =>
  (items ?? []).map((item) => ({ ...refs([item])[0], failureReason: item[Tag.FailureReason]?.Value?.[0] }));
const sequence = (report: Report, tag: string) => report.info[tag]?.Value as DicomJsonDict[] | undefined;

function actionInformation(transactionUid: string, references: Reference[]): Buffer {
  return encodeDataset(
    {
      [Tag.TransactionUID]: { vr: 'UI', Value: [transactionUid] },
      [Tag.ReferencedSOPSequence]: {
        vr: 'SQ',
        Value: references.map((r) => ({ [Tag.ReferencedSOPClassUID]: { vr: 'UI', Value: [r.sopClassUid] }, [Tag.ReferencedSOPInstanceUID]: { vr: 'UI', Value: [r.sopInstanceUid] } })),
      },
    },
    TransferSyntax.ExplicitVRLittleEndian,
  );
}

const nAction = (overrides: Partial<Command> = {}): Command => ({
  commandField: CommandField.N_ACTION_RQ,
  requestedSopClassUid: COMMITMENT,
  requestedSopInstanceUid: COMMITMENT_INSTANCE,
  actionTypeId: 1,
  hasDataset: true,
  ...overrides,
});

/** A Storage Commitment SCU that also receives reports on its own association: the archive's acceptor as commitment SCU peer (PS3.4 J.3.3). */
describe.each(testBackends())('Storage Commitment Push Model SCP (%s)', (backend) => {
  let t: TestArchive;
  let log: TestLog;
  let listener: DimseServer;
  let listenerPort: number;
  /** A peer that rejects every association (it knows no AE): a report to it cannot be delivered. */
  let refuser: DimseServer;
  const listenerInbox = new ReportInbox();

  /** An association of `aeTitle` proposing CT storage and Storage Commitment; reports it receives go to `inbox`. */
  async function openScu(aeTitle: string, inbox: ReportInbox, roleSelections: RoleSelection[] = []): Promise<ScuAssociation> {
    const opened = await ScuAssociation.open({
      host: '127.0.0.1',
      port: t.dimsePort,
      callingAeTitle: aeTitle,
      calledAeTitle: 'CONSILIUM',
      contexts: [
        { abstractSyntax: SopClass.CTImageStorage, transferSyntaxes: EXPLICIT },
        { abstractSyntax: COMMITMENT, transferSyntaxes: EXPLICIT },
        { abstractSyntax: SopClass.VerificationSOPClass, transferSyntaxes: EXPLICIT },
      ],
      roleSelections,
      handlers: { [CommandField.N_EVENT_REPORT_RQ]: inbox.handler },
      maxPduBytes: 65536,
      timeoutMs: 10_000,
      logger: silent,
    });
    if (!opened.ok) throw new Error(opened.error.message);
    return opened.value;
  }

  const contextOf = (scu: ScuAssociation, abstractSyntax: string) => scu.findContext(abstractSyntax, EXPLICIT)?.id ?? 0;

  /** C-STOREs `count` fresh CT instances on `scu`; their references. */
  async function storeCt(scu: ScuAssociation, count: number): Promise<Reference[]> {
    const stored: Reference[] = [];
    for (let i = 0; i < count; i++) {
      const file = makeInstance({ instanceNumber: i + 1 });
      const location = locateDataset(file);
      const response = await scu.request(
        contextOf(scu, SopClass.CTImageStorage),
        { commandField: CommandField.C_STORE_RQ, affectedSopClassUid: location.sopClassUid, affectedSopInstanceUid: location.sopInstanceUid, priority: 0, hasDataset: true },
        file.subarray(location.offset),
      );
      expect(response.command.status).toBe(0);
      stored.push({ sopClassUid: location.sopClassUid, sopInstanceUid: location.sopInstanceUid });
    }
    return stored;
  }

  /** An association as `openScu` opens it, with one CT instance stored on it. */
  async function openWithStored(aeTitle: string, inbox: ReportInbox, roleSelections: RoleSelection[] = []): Promise<{ scu: ScuAssociation; stored: Reference }> {
    const scu = await openScu(aeTitle, inbox, roleSelections);
    const [stored] = await storeCt(scu, 1);
    if (!stored) throw new Error('not stored');
    return { scu, stored };
  }

  const echoStatus = async (scu: ScuAssociation) =>
    (await scu.request(contextOf(scu, SopClass.VerificationSOPClass), { commandField: CommandField.C_ECHO_RQ, affectedSopClassUid: SopClass.VerificationSOPClass, hasDataset: false })).command.status;

  /** Waits until the archive has logged a line about `transactionUid` matching `pattern`. */
  const logged = (transactionUid: string, pattern: RegExp) =>
    vi.waitFor(() => {
      expect(log.records.some((r) => r.transactionUid === transactionUid && pattern.test(r.msg))).toBe(true);
    });

  const requestCommitment = (scu: ScuAssociation, transactionUid: string, references: Reference[]): Promise<DimseResponse> =>
    scu.request(contextOf(scu, COMMITMENT), nAction(), actionInformation(transactionUid, references));

  beforeAll(async () => {
    // The commitment SCU's own listener, for reports over a new association: the archive's own acceptor, knowing the archive.
    const listenerConfig: DimseConfig = {
      port: 0,
      tls: undefined,
      aeTitle: 'CMTNEW',
      maxPduBytes: 65536,
      acceptUnknown: false,
      knownAes: [{ aeTitle: 'CONSILIUM', host: '127.0.0.1', port: 1, services: ['commitment'] }],
      timeoutMs: 10_000,
    };
    listener = new DimseServer(listenerConfig, { [CommandField.N_EVENT_REPORT_RQ]: listenerInbox.handler }, silent);
    listenerPort = (await listener.listen('127.0.0.1')).port;
    refuser = new DimseServer({ ...listenerConfig, aeTitle: 'CMTREFUSE', knownAes: [] }, {}, silent);
    const refuserPort = (await refuser.listen('127.0.0.1')).port;
    const knownAes = [
      // Port 1: a report wrongly sent over a new association to it would never arrive.
      { aeTitle: 'CMTSAME', host: '127.0.0.1', port: 1, services: ['echo', 'store', 'commitment'] },
      { aeTitle: 'CMTNEW', host: '127.0.0.1', port: listenerPort, services: ['echo', 'store', 'commitment'] },
      { aeTitle: 'CMTREFUSE', host: '127.0.0.1', port: refuserPort, services: ['echo', 'store', 'commitment'] },
    ];
    log = createTestLogger();
    t = await startTestArchive(backend, { DIMSE_KNOWN_AES: JSON.stringify(knownAes), DIMSE_ACCEPT_UNKNOWN: 'true' }, log.logger);
  });
  afterAll(async () => {
    await t?.close();
    await listener?.close();
    await refuser?.close();
  });

  it('reports on the same association to a requester that took the SCP role: committed, unknown (0112H) and class-mismatched (0119H) instances', async () => {
    const inbox = new ReportInbox();
    const scu = await openScu('CMTSAME', inbox, [BOTH_ROLES]);
    const [first, second] = await storeCt(scu, 2);
    if (!first || !second) throw new Error('not stored');
    const unknown = { sopClassUid: SopClass.CTImageStorage, sopInstanceUid: newUid() };
    const mismatched = { sopClassUid: SopClass.MRImageStorage, sopInstanceUid: second.sopInstanceUid };
    const transactionUid = newUid();
    const listenerBefore = listenerInbox.received.length;

    const response = await requestCommitment(scu, transactionUid, [first, mismatched, unknown]);
    expect(response.command).toMatchObject({
      commandField: CommandField.N_ACTION_RSP,
      status: 0,
      affectedSopClassUid: COMMITMENT,
      affectedSopInstanceUid: COMMITMENT_INSTANCE,
      actionTypeId: 1,
    });
    const report = await inbox.nth(1);
    expect(report.command).toMatchObject({ commandField: CommandField.N_EVENT_REPORT_RQ, affectedSopClassUid: COMMITMENT, affectedSopInstanceUid: COMMITMENT_INSTANCE, eventTypeId: 2 });
    expect(report.info[Tag.TransactionUID]?.Value).toEqual([transactionUid]);
    expect(report.info[Tag.RetrieveAETitle]?.Value).toEqual(['CONSILIUM']);
    expect(refs(sequence(report, Tag.ReferencedSOPSequence))).toEqual([first]);
    expect(failures(sequence(report, Tag.FailedSOPSequence))).toEqual([
      { ...mismatched, failureReason: 0x0119 },
      { ...unknown, failureReason: 0x0112 },
    ]);

    // All held under the class named: Event Type 1, no Failed SOP Sequence.
    const allGood = newUid();
    expect((await requestCommitment(scu, allGood, [first, second])).command.status).toBe(0);
    const success = await inbox.nth(2);
    expect(success.command.eventTypeId).toBe(1);
    expect(success.info[Tag.TransactionUID]?.Value).toEqual([allGood]);
    expect(refs(sequence(success, Tag.ReferencedSOPSequence))).toEqual([first, second]);
    expect(success.info[Tag.FailedSOPSequence]).toBeUndefined();
    await scu.release();
    expect(inbox.received).toHaveLength(2);
    expect(listenerInbox.received.length).toBe(listenerBefore);
  });

  it('reports over a new association to the known AE when the requester did not take the SCP role, proposing the archive as SCP', async () => {
    const inbox = new ReportInbox();
    const { scu, stored } = await openWithStored('CMTNEW', inbox);
    const unknown = { sopClassUid: SopClass.CTImageStorage, sopInstanceUid: newUid() };
    const transactionUid = newUid();
    const before = listenerInbox.received.length;

    expect((await requestCommitment(scu, transactionUid, [stored, unknown])).command.status).toBe(0);
    const report = await listenerInbox.nth(before + 1);
    expect(report.callingAe).toBe('CONSILIUM');
    // The listener's acceptor answered the archive's role item (SCU 0, SCP 1) for the commitment context.
    expect(report.context).toMatchObject({ abstractSyntax: COMMITMENT, peerScpRole: true });
    expect(report.command).toMatchObject({ affectedSopInstanceUid: COMMITMENT_INSTANCE, eventTypeId: 2 });
    expect(report.info[Tag.TransactionUID]?.Value).toEqual([transactionUid]);
    expect(refs(sequence(report, Tag.ReferencedSOPSequence))).toEqual([stored]);
    expect(failures(sequence(report, Tag.FailedSOPSequence))).toEqual([{ ...unknown, failureReason: 0x0112 }]);
    await scu.release();
    expect(inbox.received).toEqual([]);
  });

  it('falls back to a new association when a requester that took the SCP role releases instead of answering the report', async () => {
    const mute = new ReportInbox(false);
    const { scu, stored } = await openWithStored('CMTNEW', mute, [BOTH_ROLES]);
    const transactionUid = newUid();
    const before = listenerInbox.received.length;
    expect((await requestCommitment(scu, transactionUid, [stored])).command.status).toBe(0);
    const started = performance.now();
    await scu.release();
    // Answered at once, not after the archive gave up waiting for the N-EVENT-REPORT-RSP (its timeout is 60 s, the SCU's 10 s).
    expect(performance.now() - started).toBeLessThan(5000);
    const report = await listenerInbox.nth(before + 1);
    expect(report.info[Tag.TransactionUID]?.Value).toEqual([transactionUid]);
    expect(report.command.eventTypeId).toBe(1);
  });

  it('answers a caller it has no port for, logs that the report cannot be sent, and carries on', async () => {
    const inbox = new ReportInbox();
    const { scu, stored } = await openWithStored('STRANGER', inbox);
    const transactionUid = newUid();
    const listenerBefore = listenerInbox.received.length;
    expect((await requestCommitment(scu, transactionUid, [stored])).command.status).toBe(0);
    await logged(transactionUid, /no port to reach it/);
    expect(await echoStatus(scu)).toBe(0);
    await scu.release();
    expect(inbox.received).toEqual([]);
    expect(listenerInbox.received.length).toBe(listenerBefore);
  });

  it('logs a report its caller rejects the association for, and serves the caller on', async () => {
    const inbox = new ReportInbox();
    const { scu, stored } = await openWithStored('CMTREFUSE', inbox);
    const transactionUid = newUid();
    expect((await requestCommitment(scu, transactionUid, [stored])).command.status).toBe(0);
    await logged(transactionUid, /no association to the caller/);
    expect(await echoStatus(scu)).toBe(0);
    await scu.release();
    expect(inbox.received).toEqual([]);
  });

  it('refuses malformed N-ACTIONs with their DIMSE-N status, sends no report for them, and serves the next request', async () => {
    const inbox = new ReportInbox();
    const { scu, stored } = await openWithStored('CMTSAME', inbox, [BOTH_ROLES]);
    const good = () => actionInformation(newUid(), [stored]);
    const commitmentContext = contextOf(scu, COMMITMENT);
    const cases: Array<[string, number, Command, Buffer | undefined, number]> = [
      ['Action Type 2', commitmentContext, nAction({ actionTypeId: 2 }), good(), 0x0123],
      ['another Requested SOP Instance', commitmentContext, nAction({ requestedSopInstanceUid: newUid() }), good(), 0x0112],
      ['no Action Information', commitmentContext, nAction({ hasDataset: false }), undefined, 0x0115],
      ['no Transaction UID', commitmentContext, nAction(), encodeDataset({ [Tag.ReferencedSOPSequence]: { vr: 'SQ', Value: [] } }, TransferSyntax.ExplicitVRLittleEndian), 0x0115],
      ['an empty Referenced SOP Sequence', commitmentContext, nAction(), actionInformation(newUid(), []), 0x0115],
      ['an undecodable data set', commitmentContext, nAction(), Buffer.from([0x08, 0x00, 0x95, 0x11, 0x55, 0x49, 0xff, 0x7f, 0x31, 0x00]), 0x0110],
      ['an N-ACTION on the CT storage context', contextOf(scu, SopClass.CTImageStorage), nAction(), good(), 0x0118],
    ];
    for (const [name, contextId, command, dataset, status] of cases) {
      const response = await scu.request(contextId, command, dataset);
      expect({ name, status: response.command.status, commandField: response.command.commandField }).toEqual({ name, status, commandField: CommandField.N_ACTION_RSP });
      expect(response.command.errorComment, name).toBeTruthy();
    }
    const transactionUid = newUid();
    expect((await requestCommitment(scu, transactionUid, [stored])).command.status).toBe(0);
    const report = await inbox.nth(1);
    expect(report.info[Tag.TransactionUID]?.Value).toEqual([transactionUid]);
    await scu.release();
    expect(inbox.received).toHaveLength(1);
    expect(log.records.filter((r) => r.level >= 50)).toEqual([]);
  });
});
