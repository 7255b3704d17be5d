import { ItemType, isKnownItemType, type UserInformation } from './Pdu.js';
import type { PduCursor, PduItem } from './PduCursor.js';
import { AbortReason, PduError, repeatedItem, unexpectedItem } from './PduError.js';

type AssociateKind = 'A-ASSOCIATE-RQ' | 'A-ASSOCIATE-AC';

/** What a missing User Information item decodes as: no stated limit, no identity. */
export function emptyUserInformation(): UserInformation {
  return { maxPduLength: 0, implementationClassUid: '', roleSelections: [], extendedNegotiation: [] };
}

/**
 * User Information Item 0x50 and its sub-items (PS3.8 9.3.2.3, PS3.7 D.3.3).
 * Sub-item 0x57 (SOP Class Common Extended Negotiation) and unknown types are
 * skipped; not answering them is the defined way to decline (PS3.7 D.3.3.6).
 */
export function decodeUserInformation(kind: AssociateKind, value: PduCursor): UserInformation {
  const info = emptyUserInformation();
  const seen = new Set<number>();
  const where = `${kind} user information`;
  while (value.remaining > 0) {
    const sub = value.item('user information sub-item');
    const single = sub.type !== ItemType.RoleSelection && sub.type !== ItemType.SopClassExtendedNegotiation;
    if (single && seen.has(sub.type)) throw repeatedItem(where, sub);
    seen.add(sub.type);
    switch (sub.type) {
      case ItemType.MaximumLength:
        info.maxPduLength = fixedLength(sub, 4).u32('maximum length received');
        break;
      case ItemType.ImplementationClassUid:
        info.implementationClassUid = sub.value.restText('implementation class UID');
        break;
      case ItemType.AsyncOperationsWindow: {
        const window = fixedLength(sub, 4);
        info.asyncOps = { invoked: window.u16('maximum operations invoked'), performed: window.u16('maximum operations performed') };
        break;
      }
      case ItemType.RoleSelection:
        info.roleSelections.push(decodeRoleSelection(sub));
        break;
      case ItemType.ImplementationVersionName:
        info.implementationVersionName = sub.value.restText('implementation version name');
        break;
      case ItemType.SopClassExtendedNegotiation: {
        const sopClassUid = sub.value.text(sub.value.u16('SOP class UID length'), 'SOP class UID');
        info.extendedNegotiation.push({ sopClassUid, data: sub.value.bytes(sub.value.remaining, 'service class application information') });
        break;
      }
      case ItemType.UserIdentityRq:
        if (kind !== 'A-ASSOCIATE-RQ') throw unexpectedItem(where, sub);
        info.userIdentity = decodeUserIdentityRq(sub);
        break;
      case ItemType.UserIdentityAc:
        if (kind !== 'A-ASSOCIATE-AC') throw unexpectedItem(where, sub);
        info.userIdentity = {
          type: 0,
          positiveResponseRequested: false,
          primary: sub.value.bytes(sub.value.u16('server response length'), 'server response'),
          secondary: Buffer.alloc(0),
        };
        endOfItem(sub);
        break;
      default:
        if (isKnownItemType(sub.type) && sub.type !== 0x57) throw unexpectedItem(where, sub);
    }
  }
  return info;
}

/** SCP/SCU Role Selection sub-item 0x54 (PS3.7 D.3.3.4). */
function decodeRoleSelection(sub: PduItem): UserInformation['roleSelections'][number] {
  const sopClassUid = sub.value.text(sub.value.u16('role selection UID length'), 'role selection SOP class UID');
  const scuRole = sub.value.u8('SCU role') !== 0;
  const scpRole = sub.value.u8('SCP role') !== 0;
  endOfItem(sub);
  return { sopClassUid, scuRole, scpRole };
}

/** User Identity sub-item 0x58 (PS3.7 D.3.3.7.1). */
function decodeUserIdentityRq(sub: PduItem): NonNullable<UserInformation['userIdentity']> {
  const { value } = sub;
  const type = value.u8('user identity type');
  const positiveResponseRequested = value.u8('positive response requested') !== 0;
  const primary = value.bytes(value.u16('primary field length'), 'primary field');
  const secondary = value.bytes(value.u16('secondary field length'), 'secondary field');
  endOfItem(sub);
  return { type, positiveResponseRequested, primary, secondary };
}

function fixedLength(sub: PduItem, length: number): PduCursor {
  if (sub.value.remaining !== length) {
    throw new PduError(`sub-item 0x${sub.type.toString(16)} has length ${sub.value.remaining}, not ${length}`, AbortReason.InvalidPduParameterValue);
  }
  return sub.value;
}

function endOfItem(sub: PduItem): void {
  if (sub.value.remaining !== 0) {
    throw new PduError(`sub-item 0x${sub.type.toString(16)} has ${sub.value.remaining} bytes beyond its fields`, AbortReason.InvalidPduParameterValue);
  }
}
