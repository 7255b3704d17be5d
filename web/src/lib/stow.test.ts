import { describe, expect, it } from 'vitest';
import { buildStowBody, matchStowOutcomes, parseStowResponse, planStowBatches, stowReasonText } from './stow';

describe('planStowBatches', () => {
  const sizes = (batches: { size: number }[][]) => batches.map((b) => b.map((f) => f.size));

  it('cuts at the file count and at the byte budget, keeping order', () => {
    const files = [1, 2, 3, 4, 5].map((size) => ({ size }));
    expect(sizes(planStowBatches(files, 2, 100))).toEqual([[1, 2], [3, 4], [5]]);
    expect(sizes(planStowBatches(files, 10, 6))).toEqual([[1, 2, 3], [4], [5]]);
  });

  it('sends a file larger than the budget alone', () => {
    expect(sizes(planStowBatches([{ size: 1 }, { size: 50 }, { size: 1 }], 10, 10))).toEqual([[1], [50], [1]]);
  });

  it('makes no batch of nothing', () => {
    expect(planStowBatches([], 10, 10)).toEqual([]);
  });
});

describe('buildStowBody', () => {
  it('frames every file as an application/dicom part (RFC 2387)', async () => {
    const { body, contentType } = buildStowBody([new Blob(['AB']), new Blob(['C'])], 'xyz');
    expect(contentType).toBe('multipart/related; type="application/dicom"; boundary=xyz');
    expect(await body.text()).toBe(
      '--xyz\r\nContent-Type: application/dicom\r\n\r\nAB\r\n--xyz\r\nContent-Type: application/dicom\r\n\r\nC\r\n--xyz--\r\n',
    );
  });
});

const item = (uid: string | undefined, reasonTag: string, reason?: number) => ({
  '00081155': uid ? { vr: 'UI', Value: [uid] } : { vr: 'UI' },
  ...(reason === undefined ? {} : { [reasonTag]: { vr: 'US', Value: [reason] } }),
});

describe('parseStowResponse', () => {
  it('reads referenced and failed items with their reasons', () => {
    const response = parseStowResponse({
      '00081199': { vr: 'SQ', Value: [item('1.1', '00081196'), item('1.2', '00081196', 0xb000)] },
      '00081198': { vr: 'SQ', Value: [item(undefined, '00081197', 0xc000)] },
    });
    expect(response).toEqual({
      referenced: [
        { sopInstanceUID: '1.1', reason: undefined },
        { sopInstanceUID: '1.2', reason: 0xb000 },
      ],
      failed: [{ sopInstanceUID: undefined, reason: 0xc000 }],
    });
  });

  it('reads an empty ReferencedSOPSequence and a non-object body as nothing', () => {
    expect(parseStowResponse({ '00081199': { vr: 'SQ' } })).toEqual({ referenced: [], failed: [] });
    expect(parseStowResponse(null)).toEqual({ referenced: [], failed: [] });
  });
});

describe('matchStowOutcomes', () => {
  it('matches by SOP Instance UID whatever the order', () => {
    const outcomes = matchStowOutcomes(['1.1', '1.2'], {
      referenced: [{ sopInstanceUID: '1.2', reason: undefined }],
      failed: [{ sopInstanceUID: '1.1', reason: 0x0111 }],
    });
    expect(outcomes).toEqual([
      { kind: 'failed', failureReason: 0x0111 },
      { kind: 'stored', warningReason: undefined },
    ]);
  });

  it('gives a failed item without a UID to the file left unmatched', () => {
    const outcomes = matchStowOutcomes(['1.1', undefined, '1.3'], {
      referenced: [{ sopInstanceUID: '1.1', reason: undefined }, { sopInstanceUID: '1.3', reason: undefined }],
      failed: [{ sopInstanceUID: undefined, reason: 0xc000 }],
    });
    expect(outcomes[1]).toEqual({ kind: 'failed', failureReason: 0xc000 });
  });

  it('reports files the answer says nothing about as unknown', () => {
    expect(matchStowOutcomes(['1.1'], { referenced: [], failed: [] })).toEqual([{ kind: 'unknown' }]);
  });

  it('keeps two files with the same UID apart', () => {
    const outcomes = matchStowOutcomes(['1.1', '1.1'], {
      referenced: [{ sopInstanceUID: '1.1', reason: undefined }],
      failed: [{ sopInstanceUID: '1.1', reason: 0x0111 }],
    });
    expect(outcomes.map((o) => o.kind)).toEqual(['stored', 'failed']);
  });
});

describe('stowReasonText', () => {
  it('names exact codes and code ranges, with the code', () => {
    expect(stowReasonText(0xc122)).toBe('Transfer syntax not supported (0xC122)');
    expect(stowReasonText(0xc000)).toBe('The archive cannot understand this file (0xC000)');
    expect(stowReasonText(0xa700)).toBe('Out of resources on the archive (0xA700)');
    expect(stowReasonText(0xa900)).toBe('Data set does not match its SOP class (0xA900)');
    expect(stowReasonText(0x0111)).toMatch(/^Duplicate/);
    expect(stowReasonText(0x1234)).toBe('Unknown reason (0x1234)');
    expect(stowReasonText(undefined)).toBe('No reason given');
  });
});
