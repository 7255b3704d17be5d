import { describe, expect, it } from 'vitest';
import { Tag, TransferSyntax } from '@consilium/shared';
import { absolutizeBulkDataUris, toMetadataJson } from './toMetadataJson.js';

const uids = { studyInstanceUID: '1.2.3', seriesInstanceUID: '1.2.3.4', sopInstanceUID: '1.2.3.4.5' };

describe('toMetadataJson', () => {
  it('refers to pixel data by a relative BulkDataURI with the VR of PS3.5 8.2', () => {
    const wide = JSON.parse(toMetadataJson({ [Tag.BitsAllocated]: { vr: 'US', Value: [16] } }, true, uids, TransferSyntax.ExplicitVRLittleEndian));
    expect(wide[Tag.PixelData]).toEqual({ vr: 'OW', BulkDataURI: 'studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.5/bulkdata/7FE00010' });
    const narrow = JSON.parse(toMetadataJson({ [Tag.BitsAllocated]: { vr: 'US', Value: [8] } }, true, uids, TransferSyntax.ExplicitVRLittleEndian));
    expect(narrow[Tag.PixelData].vr).toBe('OB');
    const compressed = JSON.parse(toMetadataJson({ [Tag.BitsAllocated]: { vr: 'US', Value: [16] } }, true, uids, TransferSyntax.JPEGLSLossless));
    expect(compressed[Tag.PixelData].vr).toBe('OB');
    expect(compressed[Tag.AvailableTransferSyntaxUID]).toEqual({ vr: 'UI', Value: [TransferSyntax.JPEGLSLossless] });
  });

  it('inlines small binary values, refers to large ones, and drops the file meta group', () => {
    const small = new Uint8Array([1, 2, 3]).buffer;
    const large = new Uint8Array(2000).buffer;
    const json = JSON.parse(
      toMetadataJson(
        { '00020010': { vr: 'UI', Value: ['1.2'] }, '00091010': { vr: 'OB', Value: [small] }, '00091011': { vr: 'OB', Value: [large] } },
        false,
        uids,
      ),
    );
    expect(json['00020010']).toBeUndefined();
    expect(json['00091010']).toEqual({ vr: 'OB', InlineBinary: 'AQID' });
    expect(json['00091011'].BulkDataURI).toMatch(/bulkdata\/00091011$/);
  });

  it('writes DS and IS values as JSON numbers and keeps sequences', () => {
    const json = JSON.parse(
      toMetadataJson(
        {
          '00280030': { vr: 'DS', Value: ['0.7', '0.7'] },
          '00200013': { vr: 'IS', Value: ['12'] },
          '00400275': { vr: 'SQ', Value: [{ '00400009': { vr: 'SH', Value: ['SPS1'] } }] },
        },
        false,
        uids,
      ),
    );
    expect(json['00280030'].Value).toEqual([0.7, 0.7]);
    expect(json['00200013'].Value).toEqual([12]);
    expect(json['00400275'].Value[0]['00400009'].Value).toEqual(['SPS1']);
  });

  it('makes BulkDataURIs absolute under the DICOMweb root', () => {
    const json = toMetadataJson({}, true, uids, TransferSyntax.ExplicitVRLittleEndian);
    const absolute = JSON.parse(absolutizeBulkDataUris(json, 'http://host:8044/dicomweb/'));
    expect(absolute[Tag.PixelData].BulkDataURI).toBe('http://host:8044/dicomweb/studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.5/bulkdata/7FE00010');
  });
});
