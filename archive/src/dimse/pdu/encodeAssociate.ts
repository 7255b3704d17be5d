import { ByteWriter } from './ByteWriter.js';
import { AE_TITLE_BYTES, ItemType, PduType, type Pdu, type UserInformation } from './Pdu.js';

type AssociatePdu = Extract<Pdu, { type: 'A-ASSOCIATE-RQ' | 'A-ASSOCIATE-AC' }>;

/** The Implementation Version Name is 1–16 characters (PS3.7 D.3.3.2.3). */
const IMPLEMENTATION_VERSION_NAME_MAX = 16;

/**
 * Encodes an A-ASSOCIATE-RQ or -AC (PS3.8 9.3.2, 9.3.3). Items go out in
 * increasing type order as PS3.8 9.3.1 asks. AE titles are space padded to 16
 * bytes; UIDs are written as they are, without PS3.5 even-length padding.
 */
export function encodeAssociate(pdu: AssociatePdu): Buffer {
  const w = new ByteWriter(2048);
  w.u8(pdu.type === 'A-ASSOCIATE-RQ' ? PduType.AssociateRq : PduType.AssociateAc, 'PDU type');
  w.u8(0, 'reserved');
  w.lengthPrefixed(4, pdu.type, () => {
    w.u16(pdu.protocolVersion, 'protocol version');
    w.zeros(2);
    w.ascii(pdu.calledAeTitle, 'called AE title', AE_TITLE_BYTES);
    w.ascii(pdu.callingAeTitle, 'calling AE title', AE_TITLE_BYTES);
    w.zeros(32);
    w.item(ItemType.ApplicationContext, () => w.ascii(pdu.applicationContext, 'application context name'));
    if (pdu.type === 'A-ASSOCIATE-RQ') {
      for (const pc of pdu.presentationContexts) {
        w.item(ItemType.PresentationContextRq, () => {
          w.u8(pc.id, 'presentation context ID');
          w.zeros(3);
          w.item(ItemType.AbstractSyntax, () => w.ascii(pc.abstractSyntax, 'abstract syntax'));
          for (const ts of pc.transferSyntaxes) w.item(ItemType.TransferSyntax, () => w.ascii(ts, 'transfer syntax'));
        });
      }
    } else {
      for (const pc of pdu.presentationContexts) {
        w.item(ItemType.PresentationContextAc, () => {
          w.u8(pc.id, 'presentation context ID');
          w.zeros(1);
          w.u8(pc.result, 'presentation context result');
          w.zeros(1);
          w.item(ItemType.TransferSyntax, () => w.ascii(pc.transferSyntax, 'transfer syntax'));
        });
      }
    }
    w.item(ItemType.UserInformation, () => writeUserInformation(w, pdu.type, pdu.userInformation));
  });
  return w.finish();
}

/** User Information sub-items (PS3.7 D.3.3); empty optional values are left out. */
function writeUserInformation(w: ByteWriter, kind: AssociatePdu['type'], info: UserInformation): void {
  w.item(ItemType.MaximumLength, () => w.u32(info.maxPduLength, 'maximum length received'));
  if (info.implementationClassUid !== '') {
    w.item(ItemType.ImplementationClassUid, () => w.ascii(info.implementationClassUid, 'implementation class UID'));
  }
  const { asyncOps } = info;
  if (asyncOps) {
    w.item(ItemType.AsyncOperationsWindow, () => {
      w.u16(asyncOps.invoked, 'maximum operations invoked');
      w.u16(asyncOps.performed, 'maximum operations performed');
    });
  }
  for (const role of info.roleSelections) {
    w.item(ItemType.RoleSelection, () => {
      w.lengthPrefixed(2, 'role selection UID', () => w.ascii(role.sopClassUid, 'role selection SOP class UID'));
      w.u8(role.scuRole ? 1 : 0, 'SCU role');
      w.u8(role.scpRole ? 1 : 0, 'SCP role');
    });
  }
  const versionName = info.implementationVersionName;
  if (versionName !== undefined && versionName !== '') {
    if (versionName.length > IMPLEMENTATION_VERSION_NAME_MAX) {
      throw new RangeError(`implementation version name ${JSON.stringify(versionName)} is longer than ${IMPLEMENTATION_VERSION_NAME_MAX} characters`);
    }
    w.item(ItemType.ImplementationVersionName, () => w.ascii(versionName, 'implementation version name'));
  }
  for (const negotiation of info.extendedNegotiation) {
    w.item(ItemType.SopClassExtendedNegotiation, () => {
      w.lengthPrefixed(2, 'extended negotiation UID', () => w.ascii(negotiation.sopClassUid, 'extended negotiation SOP class UID'));
      w.bytes(negotiation.data);
    });
  }
  const identity = info.userIdentity;
  if (!identity) return;
  if (kind === 'A-ASSOCIATE-RQ') {
    w.item(ItemType.UserIdentityRq, () => {
      w.u8(identity.type, 'user identity type');
      w.u8(identity.positiveResponseRequested ? 1 : 0, 'positive response requested');
      w.lengthPrefixed(2, 'user identity primary field', () => w.bytes(identity.primary));
      w.lengthPrefixed(2, 'user identity secondary field', () => w.bytes(identity.secondary));
    });
  } else {
    w.item(ItemType.UserIdentityAc, () => w.lengthPrefixed(2, 'user identity server response', () => w.bytes(identity.primary)));
  }
}
