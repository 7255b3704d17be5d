import { DICOM_APPLICATION_CONTEXT, type Pdu } from './Pdu.js';

/**
 * Realistic PDUs for the codec's tests: an A-ASSOCIATE-RQ shaped like a storage
 * SCU's (DCMTK's storescu proposes 120+ contexts) with every optional sub-item, and
 * one PDU of each other type.
 */

type AssociateRq = Extract<Pdu, { type: 'A-ASSOCIATE-RQ' }>;
type AssociateAc = Extract<Pdu, { type: 'A-ASSOCIATE-AC' }>;

const VERIFICATION = '1.2.840.10008.1.1';
const STORAGE_SOP_CLASSES = [
  '1.2.840.10008.5.1.4.1.1.2', // CT Image Storage
  '1.2.840.10008.5.1.4.1.1.2.1', // Enhanced CT Image Storage
  '1.2.840.10008.5.1.4.1.1.4', // MR Image Storage
  '1.2.840.10008.5.1.4.1.1.4.1', // Enhanced MR Image Storage
  '1.2.840.10008.5.1.4.1.1.1', // Computed Radiography Image Storage
  '1.2.840.10008.5.1.4.1.1.1.1', // Digital X-Ray Image Storage - For Presentation
  '1.2.840.10008.5.1.4.1.1.1.2', // Digital Mammography X-Ray Image Storage - For Presentation
  '1.2.840.10008.5.1.4.1.1.6.1', // Ultrasound Image Storage
  '1.2.840.10008.5.1.4.1.1.3.1', // Ultrasound Multi-frame Image Storage
  '1.2.840.10008.5.1.4.1.1.7', // Secondary Capture Image Storage
  '1.2.840.10008.5.1.4.1.1.12.1', // X-Ray Angiographic Image Storage
  '1.2.840.10008.5.1.4.1.1.20', // Nuclear Medicine Image Storage
  '1.2.840.10008.5.1.4.1.1.128', // PET Image Storage
  '1.2.840.10008.5.1.4.1.1.481.1', // RT Image Storage
  '1.2.840.10008.5.1.4.1.1.88.22', // Enhanced SR Storage
  '1.2.840.10008.5.1.4.1.1.104.1', // Encapsulated PDF Storage
  '1.2.840.10008.5.1.4.1.1.77.1.6', // VL Whole Slide Microscopy Image Storage
  '1.2.840.10008.5.1.4.1.1.13.1.3', // Breast Tomosynthesis Image Storage
];
const TRANSFER_SYNTAX_SETS = [
  ['1.2.840.10008.1.2.1', '1.2.840.10008.1.2.2', '1.2.840.10008.1.2'], // explicit LE, explicit BE, implicit LE
  ['1.2.840.10008.1.2.4.70'], // JPEG lossless SV1
  ['1.2.840.10008.1.2.4.80', '1.2.840.10008.1.2.4.81'], // JPEG-LS
  ['1.2.840.10008.1.2.4.90', '1.2.840.10008.1.2.4.91'], // JPEG 2000
  ['1.2.840.10008.1.2.4.201', '1.2.840.10008.1.2.4.202', '1.2.840.10008.1.2.4.203'], // HTJ2K
  ['1.2.840.10008.1.2.5'], // RLE
  ['1.2.840.10008.1.2.1.99'], // deflated explicit LE
];
const DCMTK_IMPLEMENTATION_CLASS_UID = '1.2.276.0.7230010.3.0.3.6.7';

/** 127 contexts (odd IDs 1..253): Verification, then every storage class with each transfer syntax set. */
export function sampleAssociateRq(): AssociateRq {
  const presentationContexts = [{ id: 1, abstractSyntax: VERIFICATION, transferSyntaxes: ['1.2.840.10008.1.2'] }];
  for (const abstractSyntax of STORAGE_SOP_CLASSES) {
    for (const transferSyntaxes of TRANSFER_SYNTAX_SETS) {
      presentationContexts.push({ id: presentationContexts.length * 2 + 1, abstractSyntax, transferSyntaxes });
    }
  }
  return {
    type: 'A-ASSOCIATE-RQ',
    protocolVersion: 1,
    calledAeTitle: 'CONSILIUM',
    callingAeTitle: 'CT_SCANNER_04',
    applicationContext: DICOM_APPLICATION_CONTEXT,
    presentationContexts,
    userInformation: {
      maxPduLength: 16384,
      implementationClassUid: DCMTK_IMPLEMENTATION_CLASS_UID,
      implementationVersionName: 'OFFIS_DCMTK_367',
      asyncOps: { invoked: 8, performed: 1 },
      roleSelections: STORAGE_SOP_CLASSES.slice(0, 4).map((sopClassUid) => ({ sopClassUid, scuRole: true, scpRole: false })),
      extendedNegotiation: [{ sopClassUid: STORAGE_SOP_CLASSES[0] as string, data: Buffer.from([1, 0, 1, 0, 0, 0]) }],
      userIdentity: {
        type: 2,
        positiveResponseRequested: true,
        primary: Buffer.from('radiographer'),
        secondary: Buffer.from('pa55w\u00f6rd', 'utf8'),
      },
    },
  };
}

/** The acceptor's answer: every third context refused, a server response to the identity. */
export function sampleAssociateAc(): AssociateAc {
  const rq = sampleAssociateRq();
  return {
    type: 'A-ASSOCIATE-AC',
    protocolVersion: 1,
    calledAeTitle: rq.calledAeTitle,
    callingAeTitle: rq.callingAeTitle,
    applicationContext: DICOM_APPLICATION_CONTEXT,
    presentationContexts: rq.presentationContexts.map((pc, i) =>
      i % 3 === 2
        ? { id: pc.id, result: 4, transferSyntax: '' }
        : { id: pc.id, result: 0, transferSyntax: pc.transferSyntaxes[0] ?? '' },
    ),
    userInformation: {
      maxPduLength: 1024 * 1024,
      implementationClassUid: '1.2.826.0.1.3680043.10.1234.1',
      implementationVersionName: 'CONSILIUM_0_1',
      asyncOps: { invoked: 1, performed: 1 },
      roleSelections: [{ sopClassUid: STORAGE_SOP_CLASSES[0] as string, scuRole: true, scpRole: false }],
      extendedNegotiation: [{ sopClassUid: STORAGE_SOP_CLASSES[0] as string, data: Buffer.from([1, 0, 0]) }],
      userIdentity: { type: 0, positiveResponseRequested: false, primary: Buffer.from('eyJhbGciOiJub25lIn0.e30.'), secondary: Buffer.alloc(0) },
    },
  };
}

/** One PDU of each of the seven types, realistic where content exists. */
export function samplePdus(): Pdu[] {
  const command = Buffer.alloc(180, 0x11);
  const dataset = Buffer.alloc(3000);
  for (let i = 0; i < dataset.length; i++) dataset[i] = (i * 31) & 0xff;
  return [
    sampleAssociateRq(),
    sampleAssociateAc(),
    { type: 'A-ASSOCIATE-RJ', result: 1, source: 1, reason: 7 },
    {
      type: 'P-DATA-TF',
      pdvs: [
        { contextId: 3, command: true, last: true, data: command },
        { contextId: 3, command: false, last: false, data: dataset },
        { contextId: 3, command: false, last: true, data: Buffer.alloc(0) },
      ],
    },
    { type: 'A-RELEASE-RQ' },
    { type: 'A-RELEASE-RP' },
    { type: 'A-ABORT', source: 2, reason: 6 },
  ];
}
