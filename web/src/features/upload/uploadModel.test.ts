import { describe, expect, it } from 'vitest';
import { part10Header } from './part10TestFile';
import { ALREADY_STORED_REASON, NOT_DICOM_REASON, classifyFiles, formatBytes, statusFromOutcome, statusText, summarizeUpload, withStatuses } from './uploadModel';

describe('classifyFiles', () => {
  it('keeps Part 10 files, rejects others as not DICOM and skips a DICOMDIR', async () => {
    const image = new File([part10Header([[0x0003, 'UI', '1.2.3']]) as BlobPart], 'a.dcm');
    const dicomdir = new File([part10Header([[0x0002, 'UI', '1.2.840.10008.1.3.10']]) as BlobPart], 'DICOMDIR');
    const text = new File(['hello'], 'notes.txt');
    const { items, candidates } = await classifyFiles([
      { file: image, path: 'study/a.dcm' },
      { file: text, path: 'study/notes.txt' },
      { file: dicomdir, path: 'DICOMDIR' },
    ]);
    expect(items.map((i) => statusText(i.status))).toEqual(['Waiting', `Rejected: ${NOT_DICOM_REASON}`, 'Skipped: DICOMDIR is a media index, not an image']);
    expect(candidates).toEqual([{ id: 0, file: image, size: image.size, sopInstanceUID: '1.2.3' }]);
  });
});

describe('statusFromOutcome', () => {
  it('tells stored, duplicate, rejected and failed apart', () => {
    expect(statusText(statusFromOutcome({ kind: 'stored', warningReason: undefined }))).toBe('Stored');
    expect(statusFromOutcome({ kind: 'stored', warningReason: undefined }, true)).toEqual({ kind: 'duplicate', reason: ALREADY_STORED_REASON });
    expect(statusText(statusFromOutcome({ kind: 'stored', warningReason: 0xb000 }))).toBe('Stored (warning: Some attributes were coerced (0xB000))');
    expect(statusFromOutcome({ kind: 'failed', failureReason: 0x0111 }).kind).toBe('duplicate');
    expect(statusText(statusFromOutcome({ kind: 'failed', failureReason: 0xa900 }))).toBe('Rejected: Data set does not match its SOP class (0xA900)');
    expect(statusText(statusFromOutcome({ kind: 'unknown' }))).toBe('Failed: The archive did not report on this file');
  });
});

describe('withStatuses and summarizeUpload', () => {
  it('updates by id and counts by outcome', () => {
    const items = [0, 1, 2].map((id) => ({ id, path: `f${id}`, size: 1, status: { kind: 'queued' } as const }));
    const updated = withStatuses(items, new Map([[1, { kind: 'rejected', reason: NOT_DICOM_REASON } as const]]));
    expect(summarizeUpload(updated)).toMatchObject({ queued: 2, rejected: 1, stored: 0 });
    expect(items[1]?.status.kind).toBe('queued');
  });
});

describe('formatBytes', () => {
  it('uses decimal units', () => {
    expect([0, 999, 1500, 52_428_800, 2e9].map(formatBytes)).toEqual(['0 B', '999 B', '1.5 KB', '52 MB', '2.0 GB']);
  });
});
