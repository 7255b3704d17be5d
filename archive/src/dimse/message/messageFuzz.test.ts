import { describe, expect, it } from 'vitest';
import { SopClass, Tag, TransferSyntax } from '@consilium/shared';
import { daikonSample } from '../../testing/daikonSamples.js';
import { DimseMessageError } from './DimseMessageError.js';
import { CommandField, decodeCommand, encodeCommand } from './commandSet.js';
import { decodeDataset, encodeDataset } from './dataset.js';
import { locateDataset } from './part10.js';
import { seededRandom as seeded } from '../../testing/seededRandom.js';

/**
 * Seeded fuzzing of everything that decodes bytes from a peer or from storage:
 * whatever the mutation, the decoders return or throw DimseMessageError, never
 * another error (a RangeError out of a DataView, a TypeError out of dcmjs). A
 * failure prints its seed and iteration, so it can be replayed.
 */
const SEED = 0x5eed_d1c0;
const ITERATIONS = 1500;


function mutate(input: Buffer, random: () => number, corpus: readonly Buffer[]): Buffer {
  const int = (n: number) => Math.floor(random() * n);
  const bytes = Buffer.from(input);
  const at = int(Math.max(bytes.length, 1));
  switch (int(6)) {
    case 0: // flip a few bytes
      for (let i = 0, n = 1 + int(4); i < n && bytes.length > 0; i++) bytes[int(bytes.length)] = int(256);
      return bytes;
    case 1: // cut short
      return bytes.subarray(0, at);
    case 2: // insert random bytes
      return Buffer.concat([bytes.subarray(0, at), Buffer.from(Array.from({ length: 1 + int(8) }, () => int(256))), bytes.subarray(at)]);
    case 3: // a length or tag word gone wild
      if (bytes.length >= 4) bytes.writeUInt32LE([0xffffffff, 0xfffee000, 0xfffee0dd, 0xfffee00d, int(0x1_0000_0000), int(64)][int(6)] ?? 0, Math.min(at, bytes.length - 4));
      return bytes;
    case 4: // two inputs spliced
      return Buffer.concat([bytes.subarray(0, at), (corpus[int(corpus.length)] ?? bytes).subarray(int(input.length))]);
    default: // a VR swapped for another
      if (bytes.length >= 2) bytes.write(['SQ', 'UN', 'OB', 'US', 'PN', 'AT', 'xx', 'UT'][int(8)] ?? 'SQ', Math.min(at, bytes.length - 2), 'latin1');
      return bytes;
  }
}

interface Outcome {
  decoded: number;
  refused: number;
  failures: string[];
}

function fuzz(name: string, corpus: readonly Buffer[], decode: (bytes: Buffer, random: () => number, source: number) => void): Outcome {
  const random = seeded(SEED);
  const outcome: Outcome = { decoded: 0, refused: 0, failures: [] };
  for (let i = 0; i < ITERATIONS; i++) {
    const source = i % corpus.length;
    const bytes = mutate(corpus[source] ?? Buffer.alloc(0), random, corpus);
    try {
      decode(bytes, random, source);
      outcome.decoded++;
    } catch (error) {
      if (error instanceof DimseMessageError) outcome.refused++;
      else outcome.failures.push(`${name} seed ${SEED} iteration ${i}: ${String(error).slice(0, 160)} for ${bytes.toString('hex').slice(0, 200)}`);
    }
  }
  return outcome;
}

const SYNTAXES = [
  TransferSyntax.ImplicitVRLittleEndian,
  TransferSyntax.ExplicitVRLittleEndian,
  TransferSyntax.ExplicitVRBigEndian,
  TransferSyntax.DeflatedExplicitVRLittleEndian,
];

const IDENTIFIER = {
  [Tag.SpecificCharacterSet]: { vr: 'CS', Value: ['ISO_IR 192'] },
  [Tag.PatientName]: { vr: 'PN', Value: [{ Alphabetic: 'Müller^Jörg' }] },
  [Tag.PatientID]: { vr: 'LO' },
  [Tag.Rows]: { vr: 'US', Value: [512] },
  [Tag.NumberOfStudyRelatedInstances]: { vr: 'IS' },
  [Tag.ScheduledProcedureStepSequence]: {
    vr: 'SQ',
    Value: [
      { [Tag.Modality]: { vr: 'CS', Value: ['MR'] }, [Tag.ScheduledProcedureStepStartDate]: { vr: 'DA', Value: ['20240101-'] } },
      { [Tag.ScheduledProtocolCodeSequence]: { vr: 'SQ', Value: [{ [Tag.CodeValue]: { vr: 'SH', Value: ['X1'] } }] } },
    ],
  },
  '00091010': { vr: 'OB', InlineBinary: Buffer.from([0xfe, 0xff, 0xdd, 0xe0]).toString('base64') },
};

describe('decoders under seeded fuzzing', () => {
  it('decodeCommand returns or throws DimseMessageError', () => {
    const corpus = [
      encodeCommand({ commandField: CommandField.C_STORE_RQ, messageId: 1, affectedSopClassUid: SopClass.CTImageStorage, affectedSopInstanceUid: '1.2.3', priority: 0, moveOriginatorAeTitle: 'MOVER', hasDataset: true }),
      encodeCommand({ commandField: CommandField.C_MOVE_RSP, messageIdBeingRespondedTo: 1, status: 0xb000, offendingElement: ['00100010'], errorComment: 'x', numberOfFailedSuboperations: 1, hasDataset: false }),
      encodeCommand({ commandField: CommandField.N_ACTION_RQ, messageId: 2, requestedSopClassUid: '1.2', requestedSopInstanceUid: '1.2.3', actionTypeId: 1, hasDataset: true }),
    ];
    const outcome = fuzz('decodeCommand', corpus, (bytes) => decodeCommand(bytes));
    expect(outcome.failures).toEqual([]);
    expect(outcome.decoded).toBeGreaterThan(ITERATIONS / 10);
    expect(outcome.refused).toBeGreaterThan(ITERATIONS / 10);
  });

  it('decodeDataset returns or throws DimseMessageError, and what it returns encodes again', () => {
    const corpus = SYNTAXES.map((syntax) => encodeDataset(IDENTIFIER, syntax));
    const outcome = fuzz('decodeDataset', corpus, (bytes, random, source) => {
      // mostly the syntax the bytes were written in, sometimes another
      const syntax = SYNTAXES[random() < 0.8 ? source : Math.floor(random() * SYNTAXES.length)] ?? TransferSyntax.ExplicitVRLittleEndian;
      const decoded = decodeDataset(bytes, syntax);
      encodeDataset(decoded, syntax);
    });
    expect(outcome.failures).toEqual([]);
    expect(outcome.decoded).toBeGreaterThan(ITERATIONS / 20);
    expect(outcome.refused).toBeGreaterThan(ITERATIONS / 10);
  });

  it('locateDataset returns or throws DimseMessageError', () => {
    const corpus = ['explicit_little.dcm', 'implicit_little.dcm', 'explicit_big.dcm', 'deflated.dcm', 'rle.dcm'].map((name) => daikonSample(name).subarray(0, 1024));
    const outcome = fuzz('locateDataset', corpus, (bytes) => {
      const { offset } = locateDataset(bytes);
      expect(offset).toBeLessThanOrEqual(bytes.length);
    });
    expect(outcome.failures).toEqual([]);
    expect(outcome.decoded).toBeGreaterThan(ITERATIONS / 10);
    expect(outcome.refused).toBeGreaterThan(ITERATIONS / 20);
  });
});
