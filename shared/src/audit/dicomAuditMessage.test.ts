import { describe, expect, it } from 'vitest';
import { AuditRecordSchema, type AuditRecord } from './auditRecord.js';
import { toDicomAuditMessage } from './dicomAuditMessage.js';

const base: AuditRecord = {
  event: 'Query',
  action: 'E',
  outcome: 0,
  operation: 'QIDO-RS',
  source: 'archive',
  actor: { userId: 'anonymous', networkAddress: '10.1.2.3' },
  patientIds: ['PAT-1'],
  studyInstanceUIDs: ['1.2.3'],
  query: 'PatientName=DOE*',
  resource: '/dicomweb/studies',
  at: '2026-12-02T10:00:00.000Z',
};

describe('toDicomAuditMessage', () => {
  it('writes a query as PS3.15 A.5.3.10: event 110112, the requestor with its address, the query in base64', () => {
    const m = toDicomAuditMessage(AuditRecordSchema.parse(base));
    expect(m.EventIdentification).toEqual({
      EventID: { 'csd-code': '110112', codeSystemName: 'DCM', originalText: 'Query' },
      EventActionCode: 'E',
      EventDateTime: '2026-12-02T10:00:00.000Z',
      EventOutcomeIndicator: 0,
    });
    expect(m.ActiveParticipant[0]).toEqual({ UserID: 'anonymous', UserIsRequestor: true, NetworkAccessPointTypeCode: '2', NetworkAccessPointID: '10.1.2.3' });
    expect(m.AuditSourceIdentification.AuditSourceID).toBe('consilium-archive');
    const [patient, study, query] = m.ParticipantObjectIdentification;
    expect(patient).toMatchObject({ ParticipantObjectTypeCode: 1, ParticipantObjectTypeCodeRole: 1, ParticipantObjectID: 'PAT-1' });
    expect(study).toMatchObject({ ParticipantObjectIDTypeCode: { 'csd-code': '110180' }, ParticipantObjectID: '1.2.3' });
    expect(Buffer.from(query?.ParticipantObjectQuery ?? '', 'base64').toString('utf8')).toBe('PatientName=DOE*');
  });

  it('names source and destination of a C-MOVE and counts the instances of a single study', () => {
    const m = toDicomAuditMessage({
      ...base,
      event: 'InstancesTransferred',
      action: 'R',
      operation: 'C-MOVE',
      actor: { userId: 'MODALITY', aeTitle: 'MODALITY', networkAddress: '10.0.0.9' },
      destination: { userId: 'WORKSTATION', aeTitle: 'WORKSTATION', networkAddress: '10.0.0.7' },
      instances: 200,
      query: undefined,
    });
    expect(m.ActiveParticipant.map((p) => [p.UserID, p.UserIsRequestor, p.RoleIDCode?.[0]?.['csd-code']])).toEqual([
      ['MODALITY', true, '110153'],
      ['WORKSTATION', false, '110152'],
      ['consilium-archive', false, '110150'],
    ]);
    expect(m.ActiveParticipant[0]?.AlternativeUserID).toBe('AETITLES=MODALITY');
    expect(m.ParticipantObjectIdentification.at(-1)?.ParticipantObjectDetail).toEqual([{ type: 'NumberOfInstances', value: '200' }]);
  });

  it('marks a refused association as a Node Authentication security alert', () => {
    const m = toDicomAuditMessage({ ...base, event: 'SecurityAlert', operation: 'A-ASSOCIATE', outcome: 4, outcomeDescription: 'calling AE title not recognised', patientIds: [], studyInstanceUIDs: [], query: undefined });
    expect(m.EventIdentification.EventTypeCode).toEqual([{ 'csd-code': '110126', codeSystemName: 'DCM', originalText: 'Node Authentication' }]);
    expect(m.EventIdentification.EventOutcomeDescription).toBe('calling AE title not recognised');
    expect(m.ParticipantObjectIdentification).toEqual([]);
  });

  it('refuses a record without an outcome code of PS3.15', () => {
    expect(AuditRecordSchema.safeParse({ ...base, outcome: 3 }).success).toBe(false);
  });
});
