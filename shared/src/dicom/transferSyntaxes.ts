/**
 * Transfer syntaxes the archive stores and serves (PS3.5 Section 10 and Annex A,
 * UIDs from PS3.6 Annex A). Media types for WADO-RS frames follow PS3.18 Table 8.7.3-5.
 */
export const TransferSyntax = {
  ImplicitVRLittleEndian: '1.2.840.10008.1.2',
  ExplicitVRLittleEndian: '1.2.840.10008.1.2.1',
  EncapsulatedUncompressedExplicitVRLittleEndian: '1.2.840.10008.1.2.1.98',
  DeflatedExplicitVRLittleEndian: '1.2.840.10008.1.2.1.99',
  ExplicitVRBigEndian: '1.2.840.10008.1.2.2',
  JPEGBaseline8Bit: '1.2.840.10008.1.2.4.50',
  JPEGExtended12Bit: '1.2.840.10008.1.2.4.51',
  JPEGLossless: '1.2.840.10008.1.2.4.57',
  JPEGLosslessSV1: '1.2.840.10008.1.2.4.70',
  JPEGLSLossless: '1.2.840.10008.1.2.4.80',
  JPEGLSNearLossless: '1.2.840.10008.1.2.4.81',
  JPEG2000Lossless: '1.2.840.10008.1.2.4.90',
  JPEG2000: '1.2.840.10008.1.2.4.91',
  HTJ2KLossless: '1.2.840.10008.1.2.4.201',
  HTJ2KLosslessRPCL: '1.2.840.10008.1.2.4.202',
  HTJ2K: '1.2.840.10008.1.2.4.203',
  RLELossless: '1.2.840.10008.1.2.5',
} as const;

export type TransferSyntaxUID = (typeof TransferSyntax)[keyof typeof TransferSyntax];

export interface TransferSyntaxInfo {
  readonly uid: string;
  readonly name: string;
  /** Pixel data is encapsulated in fragments (PS3.5 A.4). */
  readonly encapsulated: boolean;
  readonly lossy: boolean;
  /** Media type of a single frame in WADO-RS (PS3.18 Table 8.7.3-5). */
  readonly frameMediaType: string;
}

const info = (
  uid: string,
  name: string,
  encapsulated: boolean,
  lossy: boolean,
  frameMediaType: string,
): TransferSyntaxInfo => ({ uid, name, encapsulated, lossy, frameMediaType });

const OCTET = 'application/octet-stream';

export const TRANSFER_SYNTAXES: ReadonlyMap<string, TransferSyntaxInfo> = new Map(
  [
    info(TransferSyntax.ImplicitVRLittleEndian, 'Implicit VR Little Endian', false, false, OCTET),
    info(TransferSyntax.ExplicitVRLittleEndian, 'Explicit VR Little Endian', false, false, OCTET),
    info(
      TransferSyntax.EncapsulatedUncompressedExplicitVRLittleEndian,
      'Encapsulated Uncompressed Explicit VR Little Endian',
      true,
      false,
      OCTET,
    ),
    info(TransferSyntax.DeflatedExplicitVRLittleEndian, 'Deflated Explicit VR Little Endian', false, false, OCTET),
    info(TransferSyntax.ExplicitVRBigEndian, 'Explicit VR Big Endian (retired)', false, false, OCTET),
    info(TransferSyntax.JPEGBaseline8Bit, 'JPEG Baseline (Process 1)', true, true, 'image/jpeg'),
    info(TransferSyntax.JPEGExtended12Bit, 'JPEG Extended (Process 2 & 4)', true, true, 'image/jpeg'),
    info(TransferSyntax.JPEGLossless, 'JPEG Lossless, Non-Hierarchical (Process 14)', true, false, 'image/jpeg'),
    info(TransferSyntax.JPEGLosslessSV1, 'JPEG Lossless, First-Order Prediction (Process 14, SV1)', true, false, 'image/jpeg'),
    info(TransferSyntax.JPEGLSLossless, 'JPEG-LS Lossless', true, false, 'image/jls'),
    info(TransferSyntax.JPEGLSNearLossless, 'JPEG-LS Near-Lossless', true, true, 'image/jls'),
    info(TransferSyntax.JPEG2000Lossless, 'JPEG 2000 Lossless', true, false, 'image/jp2'),
    info(TransferSyntax.JPEG2000, 'JPEG 2000', true, true, 'image/jp2'),
    info(TransferSyntax.HTJ2KLossless, 'High-Throughput JPEG 2000 Lossless', true, false, 'image/jphc'),
    info(TransferSyntax.HTJ2KLosslessRPCL, 'High-Throughput JPEG 2000 with RPCL Options Lossless', true, false, 'image/jphc'),
    info(TransferSyntax.HTJ2K, 'High-Throughput JPEG 2000', true, true, 'image/jphc'),
    info(TransferSyntax.RLELossless, 'RLE Lossless', true, false, 'image/dicom-rle'),
  ].map((ts) => [ts.uid, ts]),
);

/** Transfer syntaxes whose pixel data is stored as plain samples in the file. */
export function isNativeTransferSyntax(uid: string): boolean {
  const ts = TRANSFER_SYNTAXES.get(uid);
  return ts !== undefined && !ts.encapsulated;
}
