import { Tag, assertNever } from '@consilium/shared';
import { DimseMessageError } from './DimseMessageError.js';

export { DimseMessageError } from './DimseMessageError.js';

/** Command Field values (PS3.7 Annex E, Table E.1-1 and E.2-1). */
export const CommandField = {
  C_STORE_RQ: 0x0001,
  C_STORE_RSP: 0x8001,
  C_GET_RQ: 0x0010,
  C_GET_RSP: 0x8010,
  C_FIND_RQ: 0x0020,
  C_FIND_RSP: 0x8020,
  C_MOVE_RQ: 0x0021,
  C_MOVE_RSP: 0x8021,
  C_ECHO_RQ: 0x0030,
  C_ECHO_RSP: 0x8030,
  N_EVENT_REPORT_RQ: 0x0100,
  N_EVENT_REPORT_RSP: 0x8100,
  N_ACTION_RQ: 0x0130,
  N_ACTION_RSP: 0x8130,
  C_CANCEL_RQ: 0x0fff,
} as const;

/** CommandDataSetType when no data set follows the command (PS3.7 E.1: 0101H). */
export const NO_DATASET = 0x0101;
/**
 * CommandDataSetType written when a data set follows. PS3.7 E.1 allows any value
 * but 0101H; 0001H is what DCMTK's findscu sends (see the captured request in
 * commandSet.test.ts).
 */
export const DATASET_PRESENT = 0x0001;

/** A DIMSE command set (PS3.7 9.3 and 10.3) with the fields the archive's services use. */
export interface Command {
  commandField: number;
  messageId?: number;
  messageIdBeingRespondedTo?: number;
  affectedSopClassUid?: string;
  requestedSopClassUid?: string;
  affectedSopInstanceUid?: string;
  requestedSopInstanceUid?: string;
  priority?: number;
  hasDataset: boolean;
  status?: number;
  moveDestination?: string;
  moveOriginatorAeTitle?: string;
  moveOriginatorMessageId?: number;
  numberOfRemainingSuboperations?: number;
  numberOfCompletedSuboperations?: number;
  numberOfFailedSuboperations?: number;
  numberOfWarningSuboperations?: number;
  errorComment?: string;
  /** OffendingElement (0000,0901): tags as 8 uppercase hex digits. */
  offendingElement?: string[];
  eventTypeId?: number;
  actionTypeId?: number;
}

type KeysOf<T> = { [K in keyof Command]-?: Command[K] extends T | undefined ? K : never }[keyof Command];

/** One element of group 0000 with its VR from PS3.7 Annex E (checked against dcmjs's dictionary in the test). */
type FieldSpec =
  | { tag: string; vr: 'US'; key: KeysOf<number> }
  | { tag: string; vr: 'UI' | 'AE' | 'LO'; key: KeysOf<string> }
  | { tag: string; vr: 'AT'; key: 'offendingElement' };

/** Fields in ascending tag order, as PS3.5 7.1 requires them on the wire. */
export const COMMAND_FIELDS: readonly FieldSpec[] = [
  { tag: Tag.AffectedSOPClassUID, vr: 'UI', key: 'affectedSopClassUid' },
  { tag: Tag.RequestedSOPClassUID, vr: 'UI', key: 'requestedSopClassUid' },
  { tag: Tag.CommandField, vr: 'US', key: 'commandField' },
  { tag: Tag.MessageID, vr: 'US', key: 'messageId' },
  { tag: Tag.MessageIDBeingRespondedTo, vr: 'US', key: 'messageIdBeingRespondedTo' },
  { tag: Tag.MoveDestination, vr: 'AE', key: 'moveDestination' },
  { tag: Tag.Priority, vr: 'US', key: 'priority' },
  // CommandDataSetType (0000,0800) sits here; it is written from `hasDataset`.
  { tag: Tag.Status, vr: 'US', key: 'status' },
  { tag: Tag.OffendingElement, vr: 'AT', key: 'offendingElement' },
  { tag: Tag.ErrorComment, vr: 'LO', key: 'errorComment' },
  { tag: Tag.AffectedSOPInstanceUID, vr: 'UI', key: 'affectedSopInstanceUid' },
  { tag: Tag.RequestedSOPInstanceUID, vr: 'UI', key: 'requestedSopInstanceUid' },
  { tag: Tag.EventTypeID, vr: 'US', key: 'eventTypeId' },
  { tag: Tag.ActionTypeID, vr: 'US', key: 'actionTypeId' },
  { tag: Tag.NumberOfRemainingSuboperations, vr: 'US', key: 'numberOfRemainingSuboperations' },
  { tag: Tag.NumberOfCompletedSuboperations, vr: 'US', key: 'numberOfCompletedSuboperations' },
  { tag: Tag.NumberOfFailedSuboperations, vr: 'US', key: 'numberOfFailedSuboperations' },
  { tag: Tag.NumberOfWarningSuboperations, vr: 'US', key: 'numberOfWarningSuboperations' },
  { tag: Tag.MoveOriginatorApplicationEntityTitle, vr: 'AE', key: 'moveOriginatorAeTitle' },
  { tag: Tag.MoveOriginatorMessageID, vr: 'US', key: 'moveOriginatorMessageId' },
];

const tagNumber = (tag: string) => Number.parseInt(tag, 16);
const GROUP_LENGTH = tagNumber(Tag.CommandGroupLength);
const COMMAND_FIELD = tagNumber(Tag.CommandField);
const DATA_SET_TYPE = tagNumber(Tag.CommandDataSetType);
const SPEC_BY_ELEMENT = new Map(COMMAND_FIELDS.map((spec) => [tagNumber(spec.tag), spec]));
const AE_MAX_CHARACTERS = 16;
const LO_MAX_CHARACTERS = 64;
const HEADER_BYTES = 8;

/**
 * Encodes a command set: Implicit VR Little Endian whatever the presentation
 * context (PS3.7 6.3.1), CommandGroupLength first, then the present fields in
 * ascending tag order with even lengths (UI padded with NUL, AE/LO with space,
 * PS3.5 6.2). ErrorComment is cut to the 64 characters of LO and made ASCII, since
 * it usually carries an exception message. UIDs are written as given, so that a
 * response can echo whatever UID the peer sent. Throws DimseMessageError for values
 * the VRs cannot hold (a US outside 0..65535, an AE over 16 characters): a bug of
 * the caller, not of the peer.
 */
export function encodeCommand(command: Command): Buffer {
  const elements: Buffer[] = [];
  for (const spec of COMMAND_FIELDS) {
    if (spec.tag === Tag.Status) {
      elements.push(usElement(DATA_SET_TYPE, command.hasDataset ? DATASET_PRESENT : NO_DATASET));
    }
    const element = encodeField(spec, command);
    if (element) elements.push(element);
  }
  const body = Buffer.concat(elements);
  const groupLength = Buffer.alloc(HEADER_BYTES + 4);
  groupLength.writeUInt32LE(GROUP_LENGTH, 0);
  groupLength.writeUInt32LE(4, 4);
  groupLength.writeUInt32LE(body.length, 8);
  return Buffer.concat([groupLength, body]);
}

function encodeField(spec: FieldSpec, command: Command): Buffer | undefined {
  const element = tagNumber(spec.tag);
  switch (spec.vr) {
    case 'US': {
      const value = command[spec.key];
      return value === undefined ? undefined : usElement(element, value, spec.key);
    }
    case 'UI':
    case 'AE':
    case 'LO': {
      const value = command[spec.key];
      if (value === undefined) return undefined;
      const text = spec.key === 'errorComment' ? asciiOnly(value).slice(0, LO_MAX_CHARACTERS) : value;
      if (spec.vr === 'AE' && text.length > AE_MAX_CHARACTERS) {
        throw new DimseMessageError(`${spec.key} has ${text.length} characters; AE holds at most ${AE_MAX_CHARACTERS} (PS3.5 6.2)`);
      }
      return stringElement(element, text, spec.vr === 'UI' ? 0x00 : 0x20);
    }
    case 'AT': {
      const tags = command.offendingElement;
      return tags === undefined ? undefined : atElement(element, tags);
    }
    default:
      return assertNever(spec);
  }
}

function usElement(element: number, value: number, name = 'value'): Buffer {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff) {
    throw new DimseMessageError(`${name} ${value} does not fit VR US (0..65535)`);
  }
  const out = Buffer.alloc(HEADER_BYTES + 2);
  writeHeader(out, element, 2);
  out.writeUInt16LE(value, HEADER_BYTES);
  return out;
}

function stringElement(element: number, text: string, pad: number): Buffer {
  const bytes = Buffer.from(text, 'latin1');
  const length = bytes.length + (bytes.length % 2);
  const out = Buffer.alloc(HEADER_BYTES + length, pad);
  writeHeader(out, element, length);
  bytes.copy(out, HEADER_BYTES);
  return out;
}

function atElement(element: number, tags: readonly string[]): Buffer {
  const out = Buffer.alloc(HEADER_BYTES + 4 * tags.length);
  writeHeader(out, element, 4 * tags.length);
  tags.forEach((tag, i) => {
    if (!/^[0-9A-Fa-f]{8}$/.test(tag)) throw new DimseMessageError(`OffendingElement "${tag.slice(0, 20)}" is not a tag of 8 hex digits`);
    const value = tagNumber(tag);
    out.writeUInt16LE(value >>> 16, HEADER_BYTES + 4 * i);
    out.writeUInt16LE(value & 0xffff, HEADER_BYTES + 4 * i + 2);
  });
  return out;
}

function writeHeader(out: Buffer, element: number, length: number): void {
  out.writeUInt16LE(0x0000, 0);
  out.writeUInt16LE(element, 2);
  out.writeUInt32LE(length, 4);
}

function asciiOnly(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?');
}

/**
 * Decodes a command set (Implicit VR Little Endian, group 0000 only, PS3.7 6.3.1).
 * Elements the archive does not use are skipped; zero-length optional elements
 * read as absent. CommandGroupLength is not checked against the bytes: the PDV
 * framing, not the group length, delimits the command. Throws DimseMessageError
 * when an element runs past the end, an element of another group or a duplicate
 * appears, a known element has a length its VR forbids, or CommandField or
 * CommandDataSetType (both required, PS3.7 E.1) is missing.
 */
export function decodeCommand(bytes: Buffer): Command {
  const values = readElements(bytes);
  const commandField = readRequiredUs(values, COMMAND_FIELD, 'CommandField (0000,0100)');
  const dataSetType = readRequiredUs(values, DATA_SET_TYPE, 'CommandDataSetType (0000,0800)');
  const command: Command = { commandField, hasDataset: dataSetType !== NO_DATASET };
  for (const [element, raw] of values) {
    const spec = SPEC_BY_ELEMENT.get(element);
    if (!spec || spec.key === 'commandField' || raw.length === 0) continue;
    decodeField(spec, raw, command);
  }
  return command;
}

function readElements(bytes: Buffer): Map<number, Buffer> {
  const values = new Map<number, Buffer>();
  let offset = 0;
  while (offset < bytes.length) {
    if (bytes.length - offset < HEADER_BYTES) {
      throw new DimseMessageError(`Command set ends inside an element header at byte ${offset} of ${bytes.length}`);
    }
    const group = bytes.readUInt16LE(offset);
    const element = bytes.readUInt16LE(offset + 2);
    const length = bytes.readUInt32LE(offset + 4);
    const tag = formatTag(group, element);
    if (group !== 0x0000) throw new DimseMessageError(`Command set holds element ${tag}; only group 0000 belongs there (PS3.7 6.3.1)`);
    if (length > bytes.length - offset - HEADER_BYTES) {
      throw new DimseMessageError(`Command element ${tag} of ${length} bytes runs past the end of the command set (${bytes.length} bytes)`);
    }
    if (values.has(element)) throw new DimseMessageError(`Command element ${tag} appears twice`);
    values.set(element, bytes.subarray(offset + HEADER_BYTES, offset + HEADER_BYTES + length));
    offset += HEADER_BYTES + length;
  }
  const groupLength = values.get(GROUP_LENGTH);
  if (groupLength && groupLength.length !== 4) {
    throw new DimseMessageError(`CommandGroupLength (0000,0000) has ${groupLength.length} bytes; UL takes 4`);
  }
  return values;
}

function readRequiredUs(values: Map<number, Buffer>, element: number, name: string): number {
  const raw = values.get(element);
  if (!raw || raw.length === 0) throw new DimseMessageError(`Command set lacks ${name}`);
  return readUs(raw, name);
}

function readUs(raw: Buffer, name: string): number {
  if (raw.length !== 2) throw new DimseMessageError(`${name} has ${raw.length} bytes; US takes 2`);
  return raw.readUInt16LE(0);
}

function decodeField(spec: FieldSpec, raw: Buffer, command: Command): void {
  const name = `${spec.key} ${formatTag(0, tagNumber(spec.tag))}`;
  switch (spec.vr) {
    case 'US':
      command[spec.key] = readUs(raw, name);
      return;
    case 'UI':
      command[spec.key] = raw.toString('latin1').replace(/[\0 ]+$/, '');
      return;
    case 'AE':
    case 'LO':
      command[spec.key] = raw.toString('latin1').trim();
      return;
    case 'AT': {
      if (raw.length % 4 !== 0) throw new DimseMessageError(`${name} has ${raw.length} bytes; AT values take 4 each`);
      const tags: string[] = [];
      for (let i = 0; i < raw.length; i += 4) tags.push(hex4(raw.readUInt16LE(i)) + hex4(raw.readUInt16LE(i + 2)));
      command.offendingElement = tags;
      return;
    }
    default:
      assertNever(spec);
  }
}

const hex4 = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');
const formatTag = (group: number, element: number) => `(${hex4(group)},${hex4(element)})`;
