import type { DicomJsonDict, DicomJsonElement } from 'dcmjs';
import { describe, expect, it } from 'vitest';
import { SopClass, Tag, TransferSyntax } from '@consilium/shared';
import { seededRandom } from '../../testing/seededRandom.js';
import { CommandField } from '../message/commandSet.js';
import { encodeDataset } from '../message/dataset.js';
import { parseCommitmentRequest } from './commitmentRequest.js';

/**
 * Seeded fuzzing of the Action Information a Storage Commitment requester
 * sends: elements missing, empty, multi-valued, of another VR or not UIDs,
 * sequences that are not sequences. Whatever arrives, the parser returns a
 * value (never throws), and what it accepts holds only valid UIDs, one
 * reference per item. A failure names its seed and iteration.
 */
const SEED = 0xc0_33_17;
const ITERATIONS = 800;
const UID = /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/;
const SYNTAXES = [TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ImplicitVRLittleEndian, TransferSyntax.ExplicitVRBigEndian];
const COMMAND = {
  commandField: CommandField.N_ACTION_RQ,
  messageId: 1,
  requestedSopClassUid: SopClass.StorageCommitmentPushModel,
  requestedSopInstanceUid: SopClass.StorageCommitmentPushModelInstance,
  actionTypeId: 1,
  hasDataset: true,
};

function uidElement(pick: <T>(options: readonly T[]) => T): DicomJsonElement | undefined {
  // Valid more often than not, so whole requests get accepted too.
  if (pick([true, true, true, false])) return { vr: 'UI', Value: [pick(['2.25.1234', '1.2.840.10008.5.1.4.1.1.2', '0.1'])] };
  return pick<DicomJsonElement | undefined>([
    undefined,
    { vr: 'UI' },
    { vr: 'UI', Value: ['2.25.1', '2.25.2'] },
    { vr: 'UI', Value: ['1.02.3'] },
    { vr: 'UI', Value: [`2.25.${'9'.repeat(70)}`] },
    { vr: 'LO', Value: ['not a uid'] },
    { vr: 'US', Value: [7] },
    { vr: 'SQ', Value: [{}] },
  ]);
}

function item(pick: <T>(options: readonly T[]) => T): DicomJsonDict {
  const out: DicomJsonDict = {};
  const sopClass = uidElement(pick);
  const sopInstance = uidElement(pick);
  if (sopClass) out[Tag.ReferencedSOPClassUID] = sopClass;
  if (sopInstance) out[Tag.ReferencedSOPInstanceUID] = sopInstance;
  if (pick([false, true])) out[Tag.FailureReason] = { vr: 'US', Value: [0x0112] };
  return out;
}

describe('parseCommitmentRequest under seeded fuzzing', () => {
  it(`returns a value for ${ITERATIONS} random Action Informations, accepting only valid UIDs`, () => {
    const random = seededRandom(SEED);
    const pick = <T>(options: readonly T[]): T => options[Math.floor(random() * options.length)] as T;
    let accepted = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      const dict: DicomJsonDict = {};
      const transaction = uidElement(pick);
      if (transaction) dict[Tag.TransactionUID] = transaction;
      const items = Array.from({ length: pick([0, 1, 2, 5]) }, () => item(pick));
      const sequence = pick<DicomJsonElement | undefined>([undefined, { vr: 'SQ', Value: items }, { vr: 'SQ', Value: items }, { vr: 'UI', Value: ['2.25.5'] }, { vr: 'SQ' }]);
      if (sequence) dict[Tag.ReferencedSOPSequence] = sequence;
      const syntax = pick(SYNTAXES);
      let bytes: Buffer;
      try {
        bytes = encodeDataset(dict, syntax);
      } catch {
        continue; // a combination dcmjs cannot write is no input a peer could send either
      }
      const context = `seed ${SEED} iteration ${i}`;
      const parsed = (() => {
        try {
          return parseCommitmentRequest(COMMAND, bytes, syntax);
        } catch (error) {
          throw new Error(`${context}: threw ${String(error)}`);
        }
      })();
      if (!parsed.ok) {
        expect(parsed.error.errorComment, context).toBeTruthy();
        continue;
      }
      accepted++;
      expect(parsed.value.transactionUid, context).toMatch(UID);
      expect(parsed.value.references.length, context).toBe(items.length);
      for (const r of parsed.value.references) {
        expect(r.sopClassUid, context).toMatch(UID);
        expect(r.sopInstanceUid, context).toMatch(UID);
      }
    }
    // The generator reaches the accepting path too, not only refusals.
    expect(accepted).toBeGreaterThan(5);
  });
});
