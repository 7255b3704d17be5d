import { describe, expect, it } from 'vitest';
import type { Pdu } from './Pdu.js';
import { AbortReason, PduError, PduReader } from './PduReader.js';
import { encodePDataTf, encodePdu } from './encodePdu.js';
import { samplePdus } from './samplePdus.js';
import { seededRandom } from '../../testing/seededRandom.js';


const PEER_REASONS: number[] = [
  AbortReason.UnrecognizedPdu,
  AbortReason.UnexpectedPdu,
  AbortReason.UnrecognizedPduParameter,
  AbortReason.UnexpectedPduParameter,
  AbortReason.InvalidPduParameterValue,
];

const valid = [...samplePdus().map(encodePdu), ...encodePDataTf(1, false, Buffer.alloc(40_000, 7), 16384)];

/**
 * Feeds `input` in random chunks. The reader must return PDUs or throw a PduError
 * with a peer-fault reason (an internal error would surface as reason 0). Whatever
 * it accepts must survive re-encoding: encode(decode(encode(pdu))) is encode(pdu).
 */
function feed(input: Buffer, random: () => number, maxPduLength: number): 'ok' | 'refused' {
  const reader = new PduReader({ maxPduLength });
  const pdus: Pdu[] = [];
  try {
    for (let pos = 0; pos < input.length; ) {
      const length = 1 + Math.floor(random() * random() * 3000);
      pdus.push(...reader.push(input.subarray(pos, pos + length)));
      pos += length;
    }
  } catch (error) {
    if (!(error instanceof PduError)) throw new Error(`non-PduError thrown: ${String(error)}`, { cause: error });
    if (!PEER_REASONS.includes(error.abortReason)) throw new Error(`reason ${error.abortReason}: ${error.message}`, { cause: error.cause });
    return 'refused';
  }
  for (const pdu of pdus) expectStableReencoding(pdu, maxPduLength);
  return 'ok';
}

function expectStableReencoding(pdu: Pdu, maxPduLength: number): void {
  let wire: Buffer;
  try {
    wire = encodePdu(pdu);
  } catch (error) {
    // Decoding is latin1; the encoder refuses non-ASCII text it would not send itself.
    if (error instanceof RangeError) return;
    throw error;
  }
  const again = new PduReader({ maxPduLength }).push(wire);
  expect(again).toHaveLength(1);
  expect(encodePdu(again[0] as Pdu).equals(wire)).toBe(true);
}

function mutate(bytes: Buffer, random: () => number): Buffer {
  const out = Buffer.from(bytes);
  const pick = () => Math.floor(random() * out.length);
  switch (Math.floor(random() * 5)) {
    case 0: // flip a few bytes anywhere
      for (let n = 1 + Math.floor(random() * 4); n > 0; n--) out[pick()] = Math.floor(random() * 256);
      return out;
    case 1: // corrupt bytes near the start, where lengths and item headers live
      for (let n = 1 + Math.floor(random() * 3); n > 0; n--) out[Math.floor(random() * Math.min(out.length, 140))] = Math.floor(random() * 256);
      return out;
    case 2: {
      // truncate the body and make the PDU length agree, so the decoder runs out mid-item
      const cut = out.subarray(0, 6 + Math.floor(random() * (out.length - 6)));
      cut.writeUInt32BE(cut.length - 6, 2);
      return cut;
    }
    case 3: // truncate the stream: the reader waits, never invents a PDU
      return out.subarray(0, pick());
    default: {
      // overwrite a 16-bit or 32-bit field with a random length
      const at = Math.min(pick(), out.length - 4);
      if (random() < 0.5) out.writeUInt16BE(Math.floor(random() * 0x10000), at);
      else out.writeUInt32BE(Math.floor(random() * 0x100000000), at);
      return out;
    }
  }
}

/**
 * The DIMSE messages a PDU sequence carries: non-data PDUs as they are, PDV data
 * joined up to each fragment marked last. Pieces of one PDV (streamPData) and
 * whole PDVs read the same here, as they do for MessageAssembler.
 */
function messages(pdus: Pdu[]): unknown[] {
  const out: unknown[] = [];
  let current: { contextId: number; command: boolean; parts: Buffer[] } | undefined;
  const flush = () => {
    if (current) out.push({ contextId: current.contextId, command: current.command, data: Buffer.concat(current.parts).toString('hex') });
    current = undefined;
  };
  for (const pdu of pdus) {
    if (pdu.type !== 'P-DATA-TF') {
      out.push(pdu);
      continue;
    }
    for (const pdv of pdu.pdvs) {
      if (current && (current.contextId !== pdv.contextId || current.command !== pdv.command)) flush();
      current ??= { contextId: pdv.contextId, command: pdv.command, parts: [] };
      current.parts.push(pdv.data);
      if (pdv.last) flush();
    }
  }
  flush();
  return out;
}

/** Feeds the same chunks to a reader with and without streamPData. */
function feedBoth(input: Buffer, random: () => number): { streamed: 'ok' | 'refused'; whole: 'ok' | 'refused'; complete: boolean; same: boolean } {
  const readers = [new PduReader({ maxPduLength: 16384, streamPData: true }), new PduReader({ maxPduLength: 16384 })];
  const outputs: Pdu[][] = [[], []];
  const verdicts: ('ok' | 'refused')[] = ['ok', 'ok'];
  for (let pos = 0; pos < input.length; ) {
    const chunk = input.subarray(pos, pos + 1 + Math.floor(random() * random() * 3000));
    pos += chunk.length;
    readers.forEach((reader, i) => {
      if (verdicts[i] === 'refused') return;
      try {
        outputs[i]!.push(...reader.push(chunk));
      } catch (error) {
        if (!(error instanceof PduError) || !PEER_REASONS.includes(error.abortReason)) throw error;
        verdicts[i] = 'refused';
      }
    });
  }
  // Only whole PDUs are compared: the streamed reader has also passed on pieces of one still arriving.
  const complete = readers[1]!.bufferedBytes === 0;
  const same = !complete || JSON.stringify(messages(outputs[0]!)) === JSON.stringify(messages(outputs[1]!));
  return { streamed: verdicts[0]!, whole: verdicts[1]!, complete, same };
}

describe('PduReader fuzz', () => {
  it.each([41, 42, 43])('streamPData refuses what the plain reader refuses and reads the same messages from the rest (seed %i)', (seed) => {
    const random = seededRandom(seed);
    const pdata = [...encodePDataTf(1, true, Buffer.alloc(300, 1), 16384), ...encodePDataTf(1, false, Buffer.alloc(40_000, 7), 16384)];
    const outcomes = { ok: 0, refused: 0 };
    for (let i = 0; i < 2000; i++) {
      const picks = Array.from({ length: 1 + Math.floor(random() * 4) }, () => pdata[Math.floor(random() * pdata.length)] as Buffer);
      const input = random() < 0.5 ? mutate(Buffer.concat(picks), random) : Buffer.concat(picks);
      const result = feedBoth(input, random);
      if (result.whole === 'refused') expect(result.streamed).toBe('refused');
      else if (result.complete) expect(result).toMatchObject({ streamed: 'ok', same: true });
      outcomes[result.whole]++;
    }
    expect(outcomes.refused).toBeGreaterThan(50);
    expect(outcomes.ok).toBeGreaterThan(50);
  });

  it.each([11, 12, 13])('random bytes with a plausible PDU header never escape as other errors (seed %i)', (seed) => {
    const random = seededRandom(seed);
    const outcomes = { ok: 0, refused: 0 };
    for (let i = 0; i < 2000; i++) {
      const body = Buffer.from(Array.from({ length: Math.floor(random() * 400) }, () => Math.floor(random() * 256)));
      const header = Buffer.from([Math.floor(random() * 9), 0, 0, 0, 0, 0]);
      header.writeUInt32BE(random() < 0.9 ? body.length : Math.floor(random() * 0x100000000), 2);
      outcomes[feed(Buffer.concat([header, body]), random, random() < 0.5 ? 16384 : 0)]++;
    }
    expect(outcomes.refused).toBeGreaterThan(0);
    expect(outcomes.ok).toBeGreaterThan(0);
  });

  it.each([21, 22, 23])('corrupted and truncated valid PDUs are decoded or refused, never crash (seed %i)', (seed) => {
    const random = seededRandom(seed);
    const outcomes = { ok: 0, refused: 0 };
    for (let i = 0; i < 3000; i++) {
      const original = valid[Math.floor(random() * valid.length)] as Buffer;
      outcomes[feed(mutate(original, random), random, 16384)]++;
    }
    expect(outcomes.refused).toBeGreaterThan(100);
    expect(outcomes.ok).toBeGreaterThan(100);
  });

  it('pure noise is refused, not crashed on', () => {
    const random = seededRandom(31);
    for (let i = 0; i < 500; i++) {
      const noise = Buffer.from(Array.from({ length: 1 + Math.floor(random() * 5000) }, () => Math.floor(random() * 256)));
      feed(noise, random, 16384);
    }
  });
});
