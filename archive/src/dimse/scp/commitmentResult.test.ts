import { describe, expect, it } from 'vitest';
import { SopClass, Tag, TransferSyntax } from '@consilium/shared';
import { decodeDataset, encodeDataset } from '../message/dataset.js';
import { commitmentReportDataset, commitmentResult } from './commitmentResult.js';

const CT = SopClass.CTImageStorage;
const MR = SopClass.MRImageStorage;
const stored = new Map([
  ['2.25.1', CT],
  ['2.25.2', CT],
  ['2.25.3', MR],
]);

describe('commitmentResult (PS3.4 J.3.3.1.1)', () => {
  it('is Event Type 1 with every instance committed when all are held under the class named', () => {
    const result = commitmentResult({ transactionUid: '2.25.9', references: [{ sopClassUid: CT, sopInstanceUid: '2.25.2' }, { sopClassUid: MR, sopInstanceUid: '2.25.3' }] }, stored);
    expect(result).toEqual({
      transactionUid: '2.25.9',
      eventTypeId: 1,
      committed: [{ sopClassUid: CT, sopInstanceUid: '2.25.2' }, { sopClassUid: MR, sopInstanceUid: '2.25.3' }],
      failed: [],
    });
  });

  it('fails an unknown instance with 0112H and one held under another class with 0119H (Event Type 2)', () => {
    const result = commitmentResult(
      {
        transactionUid: '2.25.9',
        references: [
          { sopClassUid: CT, sopInstanceUid: '2.25.404' },
          { sopClassUid: CT, sopInstanceUid: '2.25.1' },
          { sopClassUid: CT, sopInstanceUid: '2.25.3' },
        ],
      },
      stored,
    );
    expect(result.eventTypeId).toBe(2);
    expect(result.committed).toEqual([{ sopClassUid: CT, sopInstanceUid: '2.25.1' }]);
    expect(result.failed).toEqual([
      { sopClassUid: CT, sopInstanceUid: '2.25.404', failureReason: 0x0112 },
      { sopClassUid: CT, sopInstanceUid: '2.25.3', failureReason: 0x0119 },
    ]);
  });
});

describe('commitmentReportDataset (PS3.4 Table J.3-2)', () => {
  it('round-trips through the data set codec with both sequences and the failure reasons', () => {
    const result = commitmentResult({ transactionUid: '2.25.9', references: [{ sopClassUid: CT, sopInstanceUid: '2.25.1' }, { sopClassUid: CT, sopInstanceUid: '2.25.3' }] }, stored);
    const dict = decodeDataset(encodeDataset(commitmentReportDataset(result, 'CONSILIUM'), TransferSyntax.ImplicitVRLittleEndian), TransferSyntax.ImplicitVRLittleEndian);
    expect(dict[Tag.TransactionUID]?.Value).toEqual(['2.25.9']);
    expect(dict[Tag.RetrieveAETitle]?.Value).toEqual(['CONSILIUM']);
    expect(dict[Tag.ReferencedSOPSequence]?.Value).toEqual([{ [Tag.ReferencedSOPClassUID]: { vr: 'UI', Value: [CT] }, [Tag.ReferencedSOPInstanceUID]: { vr: 'UI', Value: ['2.25.1'] } }]);
    expect(dict[Tag.FailedSOPSequence]?.Value).toEqual([
      { [Tag.ReferencedSOPClassUID]: { vr: 'UI', Value: [CT] }, [Tag.ReferencedSOPInstanceUID]: { vr: 'UI', Value: ['2.25.3'] }, [Tag.FailureReason]: { vr: 'US', Value: [0x0119] } },
    ]);
  });

  it('leaves out the Failed SOP Sequence when all succeeded, and the Referenced SOP Sequence when none did', () => {
    const allGood = commitmentReportDataset(commitmentResult({ transactionUid: '2.25.9', references: [{ sopClassUid: CT, sopInstanceUid: '2.25.1' }] }, stored), 'A');
    const allBad = commitmentReportDataset(commitmentResult({ transactionUid: '2.25.9', references: [{ sopClassUid: CT, sopInstanceUid: '2.25.404' }] }, stored), 'A');
    expect(Object.keys(allGood)).toEqual([Tag.RetrieveAETitle, Tag.TransactionUID, Tag.ReferencedSOPSequence]);
    expect(Object.keys(allBad)).toEqual([Tag.RetrieveAETitle, Tag.TransactionUID, Tag.FailedSOPSequence]);
  });
});
