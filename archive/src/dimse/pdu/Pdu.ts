/**
 * The seven DICOM Upper Layer PDUs (PS3.8 9.3) as plain values. The codec
 * (`encodePdu`, `PduReader`) translates between these and the wire; what a PDU
 * means in the current association state is the association layer's business.
 */

export interface PresentationContextRq { id: number; abstractSyntax: string; transferSyntaxes: string[] }
/** result: 0 acceptance, 1 user-rejection, 2 no-reason, 3 abstract-syntax-not-supported, 4 transfer-syntaxes-not-supported (PS3.8 9.3.3.2). */
export interface PresentationContextAc { id: number; result: 0 | 1 | 2 | 3 | 4; transferSyntax: string }
export interface RoleSelection { sopClassUid: string; scuRole: boolean; scpRole: boolean }
export interface UserInformation {
  maxPduLength: number;               // 0 = no limit
  implementationClassUid: string;
  implementationVersionName?: string | undefined;
  asyncOps?: { invoked: number; performed: number } | undefined;
  roleSelections: RoleSelection[];
  /** SOP Class Extended Negotiation items, kept opaque (sopClassUid → raw bytes). */
  extendedNegotiation: { sopClassUid: string; data: Buffer }[];
  /**
   * In an A-ASSOCIATE-RQ the User Identity sub-item 0x58 (PS3.7 D.3.3.7.1). In an
   * A-ASSOCIATE-AC the sub-item 0x59 carries only the server response: it travels in
   * `primary`; `type` decodes as 0, `positiveResponseRequested` as false, `secondary`
   * as empty, and the encoder ignores them.
   */
  userIdentity?: { type: number; positiveResponseRequested: boolean; primary: Buffer; secondary: Buffer } | undefined;
}
export interface Pdv { contextId: number; command: boolean; last: boolean; data: Buffer }
export type Pdu =
  | { type: 'A-ASSOCIATE-RQ'; protocolVersion: number; calledAeTitle: string; callingAeTitle: string; applicationContext: string; presentationContexts: PresentationContextRq[]; userInformation: UserInformation }
  | { type: 'A-ASSOCIATE-AC'; protocolVersion: number; calledAeTitle: string; callingAeTitle: string; applicationContext: string; presentationContexts: PresentationContextAc[]; userInformation: UserInformation }
  | { type: 'A-ASSOCIATE-RJ'; result: 1 | 2; source: 1 | 2 | 3; reason: number }
  | { type: 'P-DATA-TF'; pdvs: Pdv[] }
  | { type: 'A-RELEASE-RQ' }
  | { type: 'A-RELEASE-RP' }
  | { type: 'A-ABORT'; source: 0 | 2; reason: number };
export const DICOM_APPLICATION_CONTEXT = '1.2.840.10008.3.1.1.1';

/** PDU type octets (PS3.8 Table 9-11 and following). */
export const PduType = {
  AssociateRq: 0x01,
  AssociateAc: 0x02,
  AssociateRj: 0x03,
  PDataTf: 0x04,
  ReleaseRq: 0x05,
  ReleaseRp: 0x06,
  Abort: 0x07,
} as const;

/** Item and sub-item type octets of the A-ASSOCIATE variable fields (PS3.8 9.3.2–9.3.3, PS3.7 Annex D.3.3). */
export const ItemType = {
  ApplicationContext: 0x10,
  PresentationContextRq: 0x20,
  PresentationContextAc: 0x21,
  AbstractSyntax: 0x30,
  TransferSyntax: 0x40,
  UserInformation: 0x50,
  MaximumLength: 0x51,
  ImplementationClassUid: 0x52,
  AsyncOperationsWindow: 0x53,
  RoleSelection: 0x54,
  ImplementationVersionName: 0x55,
  SopClassExtendedNegotiation: 0x56,
  UserIdentityRq: 0x58,
  UserIdentityAc: 0x59,
} as const;

/** Item types PS3.8 defines, including 0x57 (SOP Class Common Extended Negotiation), which we do not model. */
const KNOWN_ITEM_TYPES: ReadonlySet<number> = new Set([...Object.values(ItemType), 0x57]);

/**
 * Whether PS3.8 defines this item type. A known item in the wrong place is an
 * unexpected-PDU-parameter; an unknown one is skipped ("Items of unrecognized types
 * shall be ignored and skipped", PS3.8 9.3.1).
 */
export function isKnownItemType(type: number): boolean {
  return KNOWN_ITEM_TYPES.has(type);
}

/** PDU header: type (1), reserved (1), length (4, big-endian). */
export const PDU_HEADER_BYTES = 6;
/** PDV item header: item length (4), presentation context ID (1), message control header (1). */
export const PDV_HEADER_BYTES = 6;
/** A-ASSOCIATE-RQ/AC fixed fields after the PDU header: version, reserved, two AE titles, 32 reserved. */
export const ASSOCIATE_FIXED_BYTES = 68;
/** AE titles occupy 16 bytes, space padded (PS3.8 9.3.2). */
export const AE_TITLE_BYTES = 16;
