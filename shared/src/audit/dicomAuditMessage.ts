import { type AuditActor, AuditEventId, type AuditRecord } from './auditRecord.js';

/** A coded value as RFC 3881 / PS3.15 A.5.1 write it. */
export interface CodedValue {
  'csd-code': string;
  codeSystemName: string;
  originalText: string;
}

const dcm = (code: string, originalText: string): CodedValue => ({ 'csd-code': code, codeSystemName: 'DCM', originalText });

/** PS3.16 CID 402 Audit Active Participant Role ID. */
const Role = {
  Source: dcm('110153', 'Source Role ID'),
  Destination: dcm('110152', 'Destination Role ID'),
  Application: dcm('110150', 'Application'),
} as const;

export interface ActiveParticipant {
  UserID: string;
  AlternativeUserID?: string;
  UserName?: string;
  UserIsRequestor: boolean;
  RoleIDCode?: CodedValue[];
  NetworkAccessPointTypeCode?: '1' | '2';
  NetworkAccessPointID?: string;
}

export interface ParticipantObject {
  ParticipantObjectTypeCode: 1 | 2;
  ParticipantObjectTypeCodeRole: 1 | 3;
  ParticipantObjectIDTypeCode: CodedValue;
  ParticipantObjectID: string;
  /** Base64 of the query, for Query events. */
  ParticipantObjectQuery?: string;
  ParticipantObjectDetail?: { type: string; value: string }[];
}

/** PS3.15 A.5.1, in the JSON form of its XML schema. */
export interface DicomAuditMessage {
  EventIdentification: {
    EventID: CodedValue;
    EventActionCode: AuditRecord['action'];
    EventDateTime: string;
    EventOutcomeIndicator: AuditRecord['outcome'];
    EventOutcomeDescription?: string;
    EventTypeCode?: CodedValue[];
  };
  ActiveParticipant: ActiveParticipant[];
  AuditSourceIdentification: { AuditSourceID: string; AuditSourceTypeCode: '4' };
  ParticipantObjectIdentification: ParticipantObject[];
}

/** PS3.16 CID 403: the security alert types we raise. */
const EVENT_TYPE: Record<string, CodedValue | undefined> = {
  'A-ASSOCIATE': dcm('110126', 'Node Authentication'),
  'sign-in': dcm('110122', 'Login'),
};

/**
 * The PS3.15 A.5 audit message for a record: who took part (the requestor,
 * a move destination, this service), the patients and studies touched, and
 * for a query the query itself. Other tools that read DICOM audit messages
 * (an Audit Record Repository) see the shape they expect.
 */
export function toDicomAuditMessage(record: AuditRecord, auditSourceId = `consilium-${record.source}`): DicomAuditMessage {
  const event = AuditEventId[record.event];
  const eventType = EVENT_TYPE[record.operation];
  const participants: ActiveParticipant[] = [participant(record.actor, true, record.event === 'InstancesTransferred' ? Role.Source : undefined)];
  if (record.destination) participants.push(participant(record.destination, false, Role.Destination));
  participants.push({ UserID: auditSourceId, UserIsRequestor: false, RoleIDCode: [Role.Application] });
  return {
    EventIdentification: {
      EventID: dcm(event.code, event.meaning),
      EventActionCode: record.action,
      EventDateTime: record.at,
      EventOutcomeIndicator: record.outcome,
      ...(record.outcomeDescription ? { EventOutcomeDescription: record.outcomeDescription } : {}),
      ...(eventType ? { EventTypeCode: [eventType] } : {}),
    },
    ActiveParticipant: participants,
    AuditSourceIdentification: { AuditSourceID: auditSourceId, AuditSourceTypeCode: '4' },
    ParticipantObjectIdentification: [...patients(record), ...studies(record), ...query(record)],
  };
}

function participant(actor: AuditActor, requestor: boolean, role: CodedValue | undefined): ActiveParticipant {
  return {
    UserID: actor.userId,
    ...(actor.aeTitle ? { AlternativeUserID: `AETITLES=${actor.aeTitle}` } : {}),
    ...(actor.userName ? { UserName: actor.userName } : {}),
    UserIsRequestor: requestor,
    ...(role ? { RoleIDCode: [role] } : {}),
    ...(actor.networkAddress ? { NetworkAccessPointTypeCode: '2' as const, NetworkAccessPointID: actor.networkAddress } : {}),
  };
}

function patients(record: AuditRecord): ParticipantObject[] {
  // Person, Patient, RFC 3881 "Patient Number".
  return record.patientIds.map((id) => ({
    ParticipantObjectTypeCode: 1,
    ParticipantObjectTypeCodeRole: 1,
    ParticipantObjectIDTypeCode: { 'csd-code': '2', codeSystemName: 'RFC-3881', originalText: 'Patient Number' },
    ParticipantObjectID: id,
  }));
}

function studies(record: AuditRecord): ParticipantObject[] {
  // System Object, Report, DCM "Study Instance UID".
  return record.studyInstanceUIDs.map((uid) => ({
    ParticipantObjectTypeCode: 2,
    ParticipantObjectTypeCodeRole: 3,
    ParticipantObjectIDTypeCode: dcm('110180', 'Study Instance UID'),
    ParticipantObjectID: uid,
    ...(record.instances !== undefined && record.studyInstanceUIDs.length === 1
      ? { ParticipantObjectDetail: [{ type: 'NumberOfInstances', value: String(record.instances) }] }
      : {}),
  }));
}

function query(record: AuditRecord): ParticipantObject[] {
  if (record.query === undefined) return [];
  // PS3.15 A.5.3.10: the query as a System Object of role Report, identified by its SOP Class (or the service).
  return [
    {
      ParticipantObjectTypeCode: 2,
      ParticipantObjectTypeCodeRole: 3,
      ParticipantObjectIDTypeCode: dcm('110181', 'SOP Class UID'),
      ParticipantObjectID: record.resource ?? record.operation,
      ParticipantObjectQuery: base64Utf8(record.query),
    },
  ];
}

/** Base64 of UTF-8 text, in browsers and Node alike (no Buffer here). */
function base64Utf8(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
