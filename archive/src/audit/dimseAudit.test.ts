import { describe, expect, it } from 'vitest';
import { aeActor, identifierKeys, outcomeOfDimseStatus } from './dimseAudit.js';

describe('DIMSE audit records', () => {
  it('maps DIMSE statuses onto PS3.15 outcomes (PS3.7 C.1)', () => {
    expect([0x0000, 0xb000, 0x0001, 0xfe00, 0xa702, 0xa801, 0xc000, undefined].map(outcomeOfDimseStatus)).toEqual([0, 4, 4, 4, 8, 8, 8, 8]);
  });

  it('writes the keys that carry a value, person names by their alphabetic group', () => {
    const keys = identifierKeys({
      '00080052': { vr: 'CS', Value: ['STUDY'] },
      '00100010': { vr: 'PN', Value: [{ Alphabetic: 'DOE^J*' }] },
      '0020000D': { vr: 'UI', Value: ['1.2', '1.3'] },
      '00100020': { vr: 'LO' },
      '00081110': { vr: 'SQ', Value: [] },
    });
    expect(keys).toBe('00080052=STUDY 00100010=DOE^J* 0020000D=1.2\\1.3');
  });

  it('names a peer by AE title and IPv4 address', () => {
    expect(aeActor({ callingAeTitle: 'CT01', remoteAddress: '::ffff:10.1.1.1' })).toEqual({ userId: 'CT01', aeTitle: 'CT01', networkAddress: '10.1.1.1' });
  });
});
