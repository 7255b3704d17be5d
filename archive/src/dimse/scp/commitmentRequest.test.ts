import type { DicomJsonDict } from 'dcmjs';
import { describe, expect, it } from 'vitest';
import { SopClass, Tag, TransferSyntax } from '@consilium/shared';
import { type Command, CommandField } from '../message/commandSet.js';
import { encodeDataset } from '../message/dataset.js';
import { parseCommitmentRequest } from './commitmentRequest.js';
import { CommitmentStatus } from './commitmentStatus.js';

const TS = TransferSyntax.ExplicitVRLittleEndian;
const TRANSACTION = '2.25.1234';
const CT = { sopClassUid: SopClass.CTImageStorage, sopInstanceUid: '2.25.42' };

const command = (overrides: Partial<Command> = {}): Command => ({
  commandField: CommandField.N_ACTION_RQ,
  messageId: 3,
  requestedSopClassUid: SopClass.StorageCommitmentPushModel,
  requestedSopInstanceUid: SopClass.StorageCommitmentPushModelInstance,
  actionTypeId: 1,
  hasDataset: true,
  ...overrides,
});

const item = (sopClassUid: string | undefined, sopInstanceUid: string | undefined): DicomJsonDict => ({
  ...(sopClassUid !== undefined ? { [Tag.ReferencedSOPClassUID]: { vr: 'UI', Value: [sopClassUid] } } : {}),
  ...(sopInstanceUid !== undefined ? { [Tag.ReferencedSOPInstanceUID]: { vr: 'UI', Value: [sopInstanceUid] } } : {}),
});

const info = (transactionUid: string | undefined, items: DicomJsonDict[] | undefined): Buffer =>
  encodeDataset(
    {
      ...(transactionUid !== undefined ? { [Tag.TransactionUID]: { vr: 'UI', Value: [transactionUid] } } : {}),
      ...(items !== undefined ? { [Tag.ReferencedSOPSequence]: { vr: 'SQ', Value: items } } : {}),
    },
    TS,
  );

const statusOf = (c: Command, dataset: Buffer | undefined) => {
  const parsed = parseCommitmentRequest(c, dataset, TS);
  return parsed.ok ? 'accepted' : parsed.error.status;
};

describe('parseCommitmentRequest (PS3.4 J.3.2, statuses of PS3.7 10.1.4.1.10)', () => {
  it('reads the Transaction UID and every referenced instance, in order', () => {
    const other = { sopClassUid: SopClass.MRImageStorage, sopInstanceUid: '2.25.43' };
    const parsed = parseCommitmentRequest(command(), info(TRANSACTION, [item(CT.sopClassUid, CT.sopInstanceUid), item(other.sopClassUid, other.sopInstanceUid)]), TS);
    expect(parsed).toEqual({ ok: true, value: { transactionUid: TRANSACTION, references: [CT, other] } });
  });

  it('reads Action Information in implicit VR too', () => {
    const dataset = encodeDataset(
      { [Tag.TransactionUID]: { vr: 'UI', Value: [TRANSACTION] }, [Tag.ReferencedSOPSequence]: { vr: 'SQ', Value: [item(CT.sopClassUid, CT.sopInstanceUid)] } },
      TransferSyntax.ImplicitVRLittleEndian,
    );
    const parsed = parseCommitmentRequest(command(), dataset, TransferSyntax.ImplicitVRLittleEndian);
    expect(parsed.ok && parsed.value.references).toEqual([CT]);
  });

  const good = () => info(TRANSACTION, [item(CT.sopClassUid, CT.sopInstanceUid)]);
  it.each([
    ['another Requested SOP Class', command({ requestedSopClassUid: SopClass.CTImageStorage }), good(), CommitmentStatus.NoSuchSopClass],
    ['no Requested SOP Class', command({ requestedSopClassUid: undefined }), good(), CommitmentStatus.NoSuchSopClass],
    ['another Requested SOP Instance', command({ requestedSopInstanceUid: '1.2.840.10008.1.20.1.2' }), good(), CommitmentStatus.NoSuchSopInstance],
    ['Action Type 2', command({ actionTypeId: 2 }), good(), CommitmentStatus.NoSuchActionType],
    ['no Action Type', command({ actionTypeId: undefined }), good(), CommitmentStatus.NoSuchActionType],
    ['no data set', command({ hasDataset: false }), undefined, CommitmentStatus.InvalidArgumentValue],
    ['an undecodable data set', command(), Buffer.from([0x08, 0x00, 0x95, 0x11, 0x55, 0x49, 0xff, 0x7f, 0x31]), CommitmentStatus.ProcessingFailure],
    ['no Transaction UID', command(), info(undefined, [item(CT.sopClassUid, CT.sopInstanceUid)]), CommitmentStatus.InvalidArgumentValue],
    ['a Transaction UID that is not a UID', command(), info('1.02.abc', [item(CT.sopClassUid, CT.sopInstanceUid)]), CommitmentStatus.InvalidArgumentValue],
    ['no Referenced SOP Sequence', command(), info(TRANSACTION, undefined), CommitmentStatus.InvalidArgumentValue],
    ['an empty Referenced SOP Sequence', command(), info(TRANSACTION, []), CommitmentStatus.InvalidArgumentValue],
    ['an item without SOP Class UID', command(), info(TRANSACTION, [item(CT.sopClassUid, CT.sopInstanceUid), item(undefined, '2.25.9')]), CommitmentStatus.InvalidArgumentValue],
    ['an item without SOP Instance UID', command(), info(TRANSACTION, [item(CT.sopClassUid, undefined)]), CommitmentStatus.InvalidArgumentValue],
    ['an item whose instance UID is too long', command(), info(TRANSACTION, [item(CT.sopClassUid, `2.25.${'1'.repeat(61)}`)]), CommitmentStatus.InvalidArgumentValue],
  ])('refuses %s', (_name, c, dataset, status) => {
    expect(statusOf(c, dataset)).toBe(status);
  });

  it('says which item is wrong', () => {
    const parsed = parseCommitmentRequest(command(), info(TRANSACTION, [item(CT.sopClassUid, CT.sopInstanceUid), item(undefined, '2.25.9')]), TS);
    expect(parsed.ok ? '' : parsed.error.errorComment).toMatch(/item 2/);
  });
});
