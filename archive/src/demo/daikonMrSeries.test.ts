import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import dicomParser from 'dicom-parser';
import { describe, expect, it } from 'vitest';
import { daikonMrSeriesFiles } from './daikonMrSeries.js';

describe('daikonMrSeriesFiles', () => {
  const files = daikonMrSeriesFiles();
  const headers = files.map((f) => dicomParser.parseDicom(new Uint8Array(readFileSync(f)), { untilTag: 'x7fe00010' }));

  it('lists 20 existing files by absolute path, sorted', () => {
    expect(files).toHaveLength(20);
    expect(files.every((f) => isAbsolute(f) && existsSync(f))).toBe(true);
    expect(files).toEqual([...files].sort());
  });

  it('is one MR series in InstanceNumber order with distinct instances', () => {
    expect(new Set(headers.map((h) => h.string('x0020000e'))).size).toBe(1);
    expect(new Set(headers.map((h) => h.string('x0020000d'))).size).toBe(1);
    expect(new Set(headers.map((h) => h.string('x00080018'))).size).toBe(20);
    expect(headers.map((h) => h.string('x00080060'))).toEqual(Array(20).fill('MR'));
    expect(headers.map((h) => Number(h.string('x00200013')))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });
});
