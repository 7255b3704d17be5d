import { describe, expect, it } from 'vitest';
import { dicomwebAuditRecord, dicomwebOperation, outcomeOfStatus } from './httpAudit.js';

const exchange = { method: 'GET', url: '/dicomweb/studies?PatientName=DOE%5EJ*&limit=10', routeUrl: '/dicomweb/studies', params: {}, ip: '10.0.0.5', status: 200 };

describe('DICOMweb audit records', () => {
  it('tells searches, retrieves and stores apart by route (PS3.18 resources)', () => {
    expect(dicomwebOperation('GET', '/dicomweb/studies/:study/series')).toBe('QIDO-RS');
    expect(dicomwebOperation('GET', '/dicomweb/studies/:study/series/:series/instances')).toBe('QIDO-RS');
    expect(dicomwebOperation('GET', '/dicomweb/studies/:study')).toBe('WADO-RS');
    expect(dicomwebOperation('GET', '/dicomweb/studies/:study/series/:series/instances/:instance/frames/:frames')).toBe('WADO-RS');
    expect(dicomwebOperation('HEAD', '/dicomweb/studies/:study/thumbnail')).toBe('WADO-RS');
    expect(dicomwebOperation('POST', '/dicomweb/studies')).toBe('STOW-RS');
    expect(dicomwebOperation('OPTIONS', '/dicomweb/studies')).toBeUndefined();
  });

  it('maps HTTP statuses onto PS3.15 outcomes; a partial STOW (202) is a minor failure', () => {
    expect([200, 204, 202, 400, 403, 404, 409, 500, 503].map(outcomeOfStatus)).toEqual([0, 0, 4, 4, 4, 4, 4, 8, 8]);
  });

  it('keeps the decoded query of a search and the path of the resource', () => {
    const record = dicomwebAuditRecord(exchange, new Date('2026-12-02T00:00:00Z'));
    expect(record).toMatchObject({ event: 'Query', action: 'E', operation: 'QIDO-RS', query: 'PatientName=DOE^J*&limit=10', resource: '/dicomweb/studies', at: '2026-12-02T00:00:00.000Z' });
  });

  it('names the study of a retrieve from its path, and what failed', () => {
    const record = dicomwebAuditRecord({ ...exchange, url: '/dicomweb/studies/1.2.3/metadata', routeUrl: '/dicomweb/studies/:study/metadata', params: { study: '1.2.3' }, status: 404 });
    expect(record).toMatchObject({ event: 'InstancesTransferred', action: 'R', outcome: 4, outcomeDescription: 'HTTP 404', studyInstanceUIDs: ['1.2.3'] });
    expect(record?.query).toBeUndefined();
  });

  it('records nothing for a request no route served', () => {
    expect(dicomwebAuditRecord({ ...exchange, routeUrl: '' })).toBeUndefined();
  });
});
