import { describe, expect, it } from 'vitest';
import { type Command, CommandField, encodeCommand } from './message/commandSet.js';
import { MessageAssembler, type NegotiatedContext } from './MessageAssembler.js';
import type { Pdv } from './pdu/Pdu.js';
import { AbortReason } from './pdu/PduError.js';

const contexts = new Map<number, NegotiatedContext>([
  [1, { id: 1, abstractSyntax: '1.2.840.10008.5.1.4.1.1.2', transferSyntax: '1.2.840.10008.1.2.1' }],
  [3, { id: 3, abstractSyntax: '1.2.840.10008.1.1', transferSyntax: '1.2.840.10008.1.2' }],
]);
const store: Command = { commandField: CommandField.C_STORE_RQ, messageId: 5, affectedSopClassUid: '1.2.840.10008.5.1.4.1.1.2', hasDataset: true };
const pdv = (contextId: number, command: boolean, last: boolean, data: Buffer): Pdv => ({ contextId, command, last, data });

describe('MessageAssembler', () => {
  it('joins command and data set fragments into one message', () => {
    const assembler = new MessageAssembler((id) => contexts.get(id));
    const command = encodeCommand(store);
    expect(assembler.push(pdv(1, true, false, command.subarray(0, 10))).kind).toBe('incomplete');
    expect(assembler.push(pdv(1, true, true, command.subarray(10))).kind).toBe('incomplete');
    expect(assembler.inProgress).toBe(true);
    expect(assembler.push(pdv(1, false, false, Buffer.from('abc'))).kind).toBe('incomplete');
    const step = assembler.push(pdv(1, false, true, Buffer.from('def')));
    expect(step.kind === 'message' && step.message.dataset?.toString()).toBe('abcdef');
    expect(step.kind === 'message' && step.message.command.messageId).toBe(5);
    expect(assembler.inProgress).toBe(false);
  });

  it('completes a message without a data set at its last command fragment', () => {
    const assembler = new MessageAssembler((id) => contexts.get(id));
    const step = assembler.push(pdv(3, true, true, encodeCommand({ commandField: CommandField.C_ECHO_RQ, messageId: 1, hasDataset: false })));
    expect(step.kind === 'message' && step.message.context.id).toBe(3);
  });

  it.each([
    ['a context that was not accepted', [pdv(7, true, true, Buffer.alloc(0))], AbortReason.InvalidPduParameterValue],
    ['a data set before its command', [pdv(1, false, true, Buffer.from('x'))], AbortReason.UnexpectedPdu],
    ['fragments of two messages interleaved', [pdv(1, true, false, Buffer.alloc(4)), pdv(3, true, true, Buffer.alloc(4))], AbortReason.UnexpectedPdu],
    ['a command fragment after the command ended', [pdv(1, true, true, encodeCommand(store)), pdv(1, true, true, Buffer.alloc(4))], AbortReason.UnexpectedPdu],
  ])('reports %s as a violation to abort on', (_name, pdvs, reason) => {
    const assembler = new MessageAssembler((id) => contexts.get(id));
    const steps = pdvs.map((p) => assembler.push(p));
    const last = steps.at(-1);
    expect(last?.kind === 'violation' && last.violation.abortReason).toBe(reason);
  });
});
