import {
  AE_TITLE_BYTES,
  ASSOCIATE_FIXED_BYTES,
  ItemType,
  isKnownItemType,
  type PresentationContextAc,
  type PresentationContextRq,
  type Pdu,
} from './Pdu.js';
import { PduCursor } from './PduCursor.js';
import { AbortReason, PduError, repeatedItem, unexpectedItem } from './PduError.js';
import { decodeUserInformation, emptyUserInformation } from './decodeUserInformation.js';

type AssociateKind = 'A-ASSOCIATE-RQ' | 'A-ASSOCIATE-AC';
type AssociatePdu = Extract<Pdu, { type: AssociateKind }>;

/**
 * Decodes the body of an A-ASSOCIATE-RQ or -AC (PS3.8 9.3.2, 9.3.3).
 *
 * Structure is checked strictly: lengths must nest, single-instance items must not
 * repeat, an item must belong to this PDU. Content is not judged here: a missing
 * application context, abstract syntax or implementation class UID decodes as '',
 * so the association layer can answer with a proper A-ASSOCIATE-RJ or a rejected
 * presentation context instead of an abort. Items of unknown types are skipped
 * (PS3.8 9.3.1: "Items of unrecognized types shall be ignored and skipped").
 */
export function decodeAssociate(kind: AssociateKind, body: Buffer): AssociatePdu {
  if (body.length < ASSOCIATE_FIXED_BYTES) {
    throw new PduError(`${kind} body of ${body.length} bytes is shorter than its ${ASSOCIATE_FIXED_BYTES} fixed bytes`, AbortReason.InvalidPduParameterValue);
  }
  const fixed = new PduCursor(body);
  const protocolVersion = fixed.u16('protocol version');
  fixed.skip(2, 'reserved');
  const calledAeTitle = fixed.text(AE_TITLE_BYTES, 'called AE title');
  const callingAeTitle = fixed.text(AE_TITLE_BYTES, 'calling AE title');

  const items = new PduCursor(body, ASSOCIATE_FIXED_BYTES);
  const rqContexts: PresentationContextRq[] = [];
  const acContexts: PresentationContextAc[] = [];
  let applicationContext: string | undefined;
  let userInformation: AssociatePdu['userInformation'] | undefined;
  while (items.remaining > 0) {
    const item = items.item(`${kind} item`);
    switch (item.type) {
      case ItemType.ApplicationContext:
        if (applicationContext !== undefined) throw repeatedItem(kind, item);
        applicationContext = item.value.restText('application context name');
        break;
      case ItemType.PresentationContextRq:
        if (kind !== 'A-ASSOCIATE-RQ') throw unexpectedItem(kind, item);
        rqContexts.push(decodeContextRq(item.value));
        break;
      case ItemType.PresentationContextAc:
        if (kind !== 'A-ASSOCIATE-AC') throw unexpectedItem(kind, item);
        acContexts.push(decodeContextAc(item.value));
        break;
      case ItemType.UserInformation:
        if (userInformation !== undefined) throw repeatedItem(kind, item);
        userInformation = decodeUserInformation(kind, item.value);
        break;
      default:
        if (isKnownItemType(item.type)) throw unexpectedItem(kind, item);
    }
  }
  const common = {
    protocolVersion,
    calledAeTitle,
    callingAeTitle,
    applicationContext: applicationContext ?? '',
    userInformation: userInformation ?? emptyUserInformation(),
  };
  return kind === 'A-ASSOCIATE-RQ'
    ? { type: kind, ...common, presentationContexts: rqContexts }
    : { type: kind, ...common, presentationContexts: acContexts };
}

/** Presentation Context Item 0x20 (PS3.8 9.3.2.2): ID, 3 reserved, one abstract syntax, transfer syntaxes. */
function decodeContextRq(value: PduCursor): PresentationContextRq {
  const id = value.u8('presentation context ID');
  value.skip(3, 'presentation context reserved fields');
  let abstractSyntax: string | undefined;
  const transferSyntaxes: string[] = [];
  while (value.remaining > 0) {
    const sub = value.item('presentation context sub-item');
    if (sub.type === ItemType.AbstractSyntax) {
      if (abstractSyntax !== undefined) throw repeatedItem('presentation context', sub);
      abstractSyntax = sub.value.restText('abstract syntax name');
    } else if (sub.type === ItemType.TransferSyntax) {
      transferSyntaxes.push(sub.value.restText('transfer syntax name'));
    } else if (isKnownItemType(sub.type)) {
      throw unexpectedItem('presentation context', sub);
    }
  }
  return { id, abstractSyntax: abstractSyntax ?? '', transferSyntaxes };
}

/** Presentation Context Item 0x21 (PS3.8 9.3.3.2): ID, reserved, result/reason, reserved, one transfer syntax. */
function decodeContextAc(value: PduCursor): PresentationContextAc {
  const id = value.u8('presentation context ID');
  value.skip(1, 'reserved');
  const result = value.u8('presentation context result/reason');
  value.skip(1, 'reserved');
  if (!isContextResult(result)) {
    throw new PduError(`presentation context ${id} has result/reason ${result}, not 0–4`, AbortReason.InvalidPduParameterValue);
  }
  let transferSyntax: string | undefined;
  while (value.remaining > 0) {
    const sub = value.item('presentation context sub-item');
    if (sub.type === ItemType.TransferSyntax) {
      if (transferSyntax !== undefined) throw repeatedItem('presentation context', sub);
      transferSyntax = sub.value.restText('transfer syntax name');
    } else if (isKnownItemType(sub.type)) {
      throw unexpectedItem('presentation context', sub);
    }
  }
  // Not significant unless accepted (PS3.8 9.3.3.2); some peers leave it out.
  return { id, result, transferSyntax: transferSyntax ?? '' };
}

function isContextResult(value: number): value is PresentationContextAc['result'] {
  return value <= 4;
}
