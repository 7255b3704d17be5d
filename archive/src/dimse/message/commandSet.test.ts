import dcmjs from 'dcmjs';
import { describe, expect, it } from 'vitest';
import { SopClass, Tag, TransferSyntax } from '@consilium/shared';
import { COMMAND_FIELDS, CommandField, DATASET_PRESENT, NO_DATASET, decodeCommand, encodeCommand } from './commandSet.js';
import type { Command } from './commandSet.js';
import { decodeDataset } from './dataset.js';
import { refusal } from './expectRefusal.js';

/**
 * Command sets DCMTK 3.6.7 sent to a raw TCP listener that answered its
 * association requests (echoscu, findscu -S, storescu, movescu -S, getscu -S).
 */
const DCMTK = {
  echoRq:
    '0000000004000000380000000000020012000000312e322e3834302e31303030382e312e3100000000010200000030000000100102000000010000000008020000000101',
  findRq:
    '00000000040000004c000000000002001c000000312e322e3834302e31303030382e352e312e342e312e322e322e310000000001020000002000000010010200000001000000000702000000000000000008020000000100',
  storeRq:
    '000000000400000072000000000002001a000000312e322e3834302e31303030382e352e312e342e312e312e34000000000102000000010000001001020000000100000000070200000000000000000802000000010000000010200000003939392e3939392e322e31393936303631392e3136333030302e312e31303300',
  moveRq:
    '00000000040000005c000000000002001c000000312e322e3834302e31303030382e352e312e342e312e322e322e320000000001020000002100000010010200000001000000000608000000444553545f4145200000000702000000000000000008020000000100',
  getRq:
    '00000000040000004c000000000002001c000000312e322e3834302e31303030382e352e312e342e312e322e322e330000000001020000001000000010010200000001000000000702000000000000000008020000000100',
};

const DCMTK_DECODED: Record<keyof typeof DCMTK, Command> = {
  echoRq: { commandField: CommandField.C_ECHO_RQ, messageId: 1, affectedSopClassUid: SopClass.VerificationSOPClass, hasDataset: false },
  findRq: { commandField: CommandField.C_FIND_RQ, messageId: 1, affectedSopClassUid: SopClass.StudyRootQueryRetrieveInformationModelFind, priority: 0, hasDataset: true },
  storeRq: {
    commandField: CommandField.C_STORE_RQ,
    messageId: 1,
    affectedSopClassUid: SopClass.MRImageStorage,
    affectedSopInstanceUid: '999.999.2.19960619.163000.1.103',
    priority: 0,
    hasDataset: true,
  },
  moveRq: {
    commandField: CommandField.C_MOVE_RQ,
    messageId: 1,
    affectedSopClassUid: SopClass.StudyRootQueryRetrieveInformationModelMove,
    moveDestination: 'DEST_AE',
    priority: 0,
    hasDataset: true,
  },
  getRq: { commandField: CommandField.C_GET_RQ, messageId: 1, affectedSopClassUid: SopClass.StudyRootQueryRetrieveInformationModelGet, priority: 0, hasDataset: true },
};

const INSTANCE_UID = '1.2.826.0.1.3680043.2.1125.1.42.7';
const COMMITMENT_UID = SopClass.StorageCommitmentPushModelInstance;

/** One command of every type the archive sends or receives, with every field its type uses. */
const EVERY_COMMAND: Record<keyof typeof CommandField, Command> = {
  C_STORE_RQ: {
    commandField: CommandField.C_STORE_RQ,
    messageId: 7,
    affectedSopClassUid: SopClass.CTImageStorage,
    affectedSopInstanceUid: INSTANCE_UID,
    priority: 2,
    moveOriginatorAeTitle: 'MOVESCU',
    moveOriginatorMessageId: 3,
    hasDataset: true,
  },
  C_STORE_RSP: {
    commandField: CommandField.C_STORE_RSP,
    messageIdBeingRespondedTo: 7,
    affectedSopClassUid: SopClass.CTImageStorage,
    affectedSopInstanceUid: INSTANCE_UID,
    status: 0xb007,
    offendingElement: ['00100010', '0020000D'],
    errorComment: 'Data set does not match SOP class',
    hasDataset: false,
  },
  C_GET_RQ: { commandField: CommandField.C_GET_RQ, messageId: 9, affectedSopClassUid: SopClass.PatientRootQueryRetrieveInformationModelGet, priority: 0, hasDataset: true },
  C_GET_RSP: {
    commandField: CommandField.C_GET_RSP,
    messageIdBeingRespondedTo: 9,
    affectedSopClassUid: SopClass.PatientRootQueryRetrieveInformationModelGet,
    status: 0xff00,
    numberOfRemainingSuboperations: 65535,
    numberOfCompletedSuboperations: 1,
    numberOfFailedSuboperations: 0,
    numberOfWarningSuboperations: 2,
    hasDataset: false,
  },
  C_FIND_RQ: { commandField: CommandField.C_FIND_RQ, messageId: 1, affectedSopClassUid: SopClass.ModalityWorklistInformationModelFind, priority: 1, hasDataset: true },
  C_FIND_RSP: {
    commandField: CommandField.C_FIND_RSP,
    messageIdBeingRespondedTo: 1,
    affectedSopClassUid: SopClass.ModalityWorklistInformationModelFind,
    status: 0xff00,
    hasDataset: true,
  },
  C_MOVE_RQ: {
    commandField: CommandField.C_MOVE_RQ,
    messageId: 65535,
    affectedSopClassUid: SopClass.StudyRootQueryRetrieveInformationModelMove,
    priority: 0,
    moveDestination: 'WORKSTATION_01',
    hasDataset: true,
  },
  C_MOVE_RSP: {
    commandField: CommandField.C_MOVE_RSP,
    messageIdBeingRespondedTo: 65535,
    affectedSopClassUid: SopClass.StudyRootQueryRetrieveInformationModelMove,
    status: 0xa801,
    errorComment: 'Move destination unknown',
    numberOfRemainingSuboperations: 0,
    numberOfCompletedSuboperations: 0,
    numberOfFailedSuboperations: 0,
    numberOfWarningSuboperations: 0,
    hasDataset: false,
  },
  C_ECHO_RQ: { commandField: CommandField.C_ECHO_RQ, messageId: 0, affectedSopClassUid: SopClass.VerificationSOPClass, hasDataset: false },
  C_ECHO_RSP: { commandField: CommandField.C_ECHO_RSP, messageIdBeingRespondedTo: 0, affectedSopClassUid: SopClass.VerificationSOPClass, status: 0, hasDataset: false },
  N_EVENT_REPORT_RQ: {
    commandField: CommandField.N_EVENT_REPORT_RQ,
    messageId: 12,
    affectedSopClassUid: SopClass.StorageCommitmentPushModel,
    affectedSopInstanceUid: COMMITMENT_UID,
    eventTypeId: 2,
    hasDataset: true,
  },
  N_EVENT_REPORT_RSP: {
    commandField: CommandField.N_EVENT_REPORT_RSP,
    messageIdBeingRespondedTo: 12,
    affectedSopClassUid: SopClass.StorageCommitmentPushModel,
    affectedSopInstanceUid: COMMITMENT_UID,
    eventTypeId: 2,
    status: 0,
    hasDataset: false,
  },
  N_ACTION_RQ: {
    commandField: CommandField.N_ACTION_RQ,
    messageId: 4,
    requestedSopClassUid: SopClass.StorageCommitmentPushModel,
    requestedSopInstanceUid: COMMITMENT_UID,
    actionTypeId: 1,
    hasDataset: true,
  },
  N_ACTION_RSP: {
    commandField: CommandField.N_ACTION_RSP,
    messageIdBeingRespondedTo: 4,
    affectedSopClassUid: SopClass.StorageCommitmentPushModel,
    affectedSopInstanceUid: COMMITMENT_UID,
    actionTypeId: 1,
    status: 0,
    hasDataset: false,
  },
  C_CANCEL_RQ: { commandField: CommandField.C_CANCEL_RQ, messageIdBeingRespondedTo: 1, hasDataset: false },
};

/** Elements of an Implicit VR LE command set as [tag, value bytes], read without the code under test. */
function elements(bytes: Buffer): [string, Buffer][] {
  const out: [string, Buffer][] = [];
  for (let p = 0; p < bytes.length; ) {
    const length = bytes.readUInt32LE(p + 4);
    out.push([Buffer.from(bytes.subarray(p, p + 4)).swap16().toString('hex').toUpperCase(), bytes.subarray(p + 8, p + 8 + length)]);
    p += 8 + length;
  }
  return out;
}

const hexCommand = (hex: string) => Buffer.from(hex, 'hex');

describe('command field table', () => {
  it('has the tag and VR of PS3.7 Annex E for every field, as dcmjs\'s dictionary lists them', () => {
    const dictionary = dcmjs.data.DicomMetaDictionary.dictionary;
    const keywordOf = new Map<string, string>(Object.entries(Tag).map(([keyword, tag]) => [tag, keyword]));
    const checked = [...COMMAND_FIELDS, { tag: Tag.CommandGroupLength, vr: 'UL' }, { tag: Tag.CommandDataSetType, vr: 'US' }];
    for (const { tag, vr } of checked) {
      const entry = dictionary[`(${tag.slice(0, 4)},${tag.slice(4)})`];
      expect(entry, tag).toBeDefined();
      expect({ tag, name: entry?.name, vr: entry?.vr }).toEqual({ tag, name: keywordOf.get(tag), vr });
    }
    expect(checked).toHaveLength(22);
  });
});

describe('encodeCommand / decodeCommand', () => {
  it.each(Object.entries(EVERY_COMMAND))('round-trips %s', (_name, command) => {
    expect(decodeCommand(encodeCommand(command))).toEqual(command);
  });

  it.each(Object.entries(EVERY_COMMAND))('encodes %s as PS3.7 requires: group length first, ascending tags, even lengths', (_name, command) => {
    const bytes = encodeCommand(command);
    const list = elements(bytes);
    expect(list[0]?.[0]).toBe(Tag.CommandGroupLength);
    expect(list[0]?.[1].readUInt32LE(0)).toBe(bytes.length - 12);
    const tags = list.map(([tag]) => tag);
    expect(tags).toEqual([...tags].sort());
    for (const [tag, value] of list) expect(value.length % 2, tag).toBe(0);
    const dataSetType = list.find(([tag]) => tag === Tag.CommandDataSetType)?.[1].readUInt16LE(0);
    expect(dataSetType).toBe(command.hasDataset ? DATASET_PRESENT : NO_DATASET);
  });

  it('writes values dcmjs reads back with the dictionary VRs (padding, AT byte order)', () => {
    const command = EVERY_COMMAND.C_STORE_RSP;
    const read = decodeDataset(encodeCommand(command), TransferSyntax.ImplicitVRLittleEndian);
    expect(read[Tag.AffectedSOPClassUID]).toEqual({ vr: 'UI', Value: [command.affectedSopClassUid] });
    expect(read[Tag.CommandField]).toEqual({ vr: 'US', Value: [CommandField.C_STORE_RSP] });
    expect(read[Tag.Status]).toEqual({ vr: 'US', Value: [0xb007] });
    expect(read[Tag.ErrorComment]).toEqual({ vr: 'LO', Value: [command.errorComment] });
    const moveRq = decodeDataset(encodeCommand(EVERY_COMMAND.C_MOVE_RQ), TransferSyntax.ImplicitVRLittleEndian);
    expect(moveRq[Tag.MoveDestination]).toEqual({ vr: 'AE', Value: ['WORKSTATION_01'] });
    // AT: group then element, each little endian (PS3.5 6.2)
    const offending = elements(encodeCommand(command)).find(([tag]) => tag === Tag.OffendingElement)?.[1];
    expect(offending?.toString('hex')).toBe('10001000' + '20000d00');
  });

  it('pads UI with NUL and AE with space to even length (PS3.5 6.2)', () => {
    const bytes = encodeCommand({ ...EVERY_COMMAND.C_MOVE_RQ, affectedSopClassUid: '1.2.3', moveDestination: 'ODD' });
    const list = new Map(elements(bytes));
    expect(list.get(Tag.AffectedSOPClassUID)?.toString('latin1')).toBe('1.2.3\0');
    expect(list.get(Tag.MoveDestination)?.toString('latin1')).toBe('ODD ');
  });

  it('encodes DCMTK\'s requests byte for byte as DCMTK does', () => {
    for (const [name, hex] of Object.entries(DCMTK)) {
      expect(encodeCommand(DCMTK_DECODED[name as keyof typeof DCMTK]).toString('hex'), name).toBe(hex);
    }
  });

  it('cuts ErrorComment to the 64 characters of LO and replaces what is not ASCII', () => {
    const long = `Stored instance could not be parsed: überlänge ${'x'.repeat(100)}`;
    const decoded = decodeCommand(encodeCommand({ ...EVERY_COMMAND.C_STORE_RSP, errorComment: long }));
    expect(decoded.errorComment).toHaveLength(64);
    expect(decoded.errorComment?.startsWith('Stored instance could not be parsed: ?berl?nge x')).toBe(true);
  });

  it('refuses values the VRs cannot hold', () => {
    expect(refusal(() => encodeCommand({ ...EVERY_COMMAND.C_GET_RSP, numberOfRemainingSuboperations: 65536 })).message).toMatch(
      /numberOfRemainingSuboperations 65536 does not fit VR US/,
    );
    expect(refusal(() => encodeCommand({ ...EVERY_COMMAND.C_ECHO_RQ, messageId: -1 })).message).toMatch(/messageId/);
    expect(refusal(() => encodeCommand({ ...EVERY_COMMAND.C_MOVE_RQ, moveDestination: 'A_VERY_LONG_AE_TITLE' })).message).toMatch(/AE holds at most 16/);
    expect(refusal(() => encodeCommand({ ...EVERY_COMMAND.C_STORE_RSP, offendingElement: ['0010,0010'] })).message).toMatch(/8 hex digits/);
  });

  it('echoes a UID longer than PS3.5 allows rather than failing the response', () => {
    const uid = `1.2.${'3'.repeat(80)}`;
    expect(decodeCommand(encodeCommand({ ...EVERY_COMMAND.C_STORE_RSP, affectedSopInstanceUid: uid })).affectedSopInstanceUid).toBe(uid);
  });
});

describe('decodeCommand on DCMTK\'s requests', () => {
  it.each(Object.keys(DCMTK) as (keyof typeof DCMTK)[])('decodes %s', (name) => {
    expect(decodeCommand(hexCommand(DCMTK[name]))).toEqual(DCMTK_DECODED[name]);
  });

  it('ignores elements it does not use, and tolerates a wrong group length', () => {
    const echo = hexCommand(DCMTK.echoRq);
    // ErrorID (0000,0903) SH "ID01" and AttributeIdentifierList (0000,1005) AT, appended
    const extra = Buffer.from('000003090400000049443031' + '0000051004000000100010' + '00', 'hex');
    const command = Buffer.concat([echo, extra]);
    expect(decodeCommand(command)).toEqual(DCMTK_DECODED.echoRq);
  });

  it('reads a zero-length optional element as absent', () => {
    const bytes = encodeCommand({ ...EVERY_COMMAND.C_ECHO_RSP });
    const withEmptyComment = Buffer.concat([bytes, Buffer.from('0000020900000000', 'hex')]);
    expect(decodeCommand(withEmptyComment)).toEqual(EVERY_COMMAND.C_ECHO_RSP);
  });
});

describe('decodeCommand on malformed command sets', () => {
  const echo = hexCommand(DCMTK.echoRq);
  const without = (tag: string) => {
    const kept = elements(echo).filter(([t]) => t !== tag);
    return Buffer.concat(kept.map(([t, v]) => Buffer.concat([Buffer.from(t, 'hex').swap16(), u32(v.length), v])));
  };

  it.each([
    ['truncated inside a header', echo.subarray(0, echo.length - 5), /ends inside an element header/],
    ['truncated inside a value', echo.subarray(0, echo.length - 1), /runs past the end/],
    ['an element of group 0008', Buffer.concat([echo, Buffer.from('080018000000000000', 'hex').subarray(0, 8)]), /only group 0000/],
    ['a duplicated element', Buffer.concat([echo, echo.subarray(echo.length - 10)]), /appears twice/],
    ['no CommandField', without(Tag.CommandField), /lacks CommandField/],
    ['no CommandDataSetType', without(Tag.CommandDataSetType), /lacks CommandDataSetType/],
    ['a 4-byte US', Buffer.concat([without(Tag.MessageID), Buffer.from('0000100104000000', 'hex'), u32(1)]), /messageId \(0000,0110\) has 4 bytes/],
    ['a 2-byte group length', Buffer.concat([Buffer.from('00000000020000000000', 'hex'), echo.subarray(12)]), /CommandGroupLength/],
    ['an AT of 6 bytes', Buffer.concat([echo, Buffer.from('00000109060000001000100020', 'hex'), Buffer.alloc(1)]), /AT values take 4/],
  ])('refuses %s', (_name, bytes, message) => {
    expect(refusal(() => decodeCommand(bytes)).message).toMatch(message);
  });
});

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}
