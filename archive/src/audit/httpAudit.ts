import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type AuditActor, type AuditRecord, AuditOutcome, Tag } from '@consilium/shared';
import type { AuditSink } from './AuditTrail.js';

/** The patients and studies a handler touched, for its audit record. */
export interface AuditObjects {
  studyInstanceUIDs: string[];
  patientIds: string[];
  instances?: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by a handler that knows more than its path says (QIDO results, STOW outcomes). */
    auditObjects?: AuditObjects;
  }
}

export type DicomwebOperation = 'QIDO-RS' | 'WADO-RS' | 'STOW-RS';

/** PS3.18: searches end in a resource collection; everything else read is a retrieve; POST stores. */
export function dicomwebOperation(method: string, routeUrl: string): DicomwebOperation | undefined {
  if (method === 'POST') return 'STOW-RS';
  if (method !== 'GET' && method !== 'HEAD') return undefined;
  return /\/(studies|series|instances)$/.test(routeUrl) ? 'QIDO-RS' : 'WADO-RS';
}

/** PS3.15 A.5.1: success, a refusal of the request (4xx) or a failure of the server (5xx). */
export function outcomeOfStatus(status: number): AuditRecord['outcome'] {
  if (status < 400 && status !== 202) return AuditOutcome.Success;
  return status >= 500 ? AuditOutcome.SeriousFailure : AuditOutcome.MinorFailure;
}

export interface HttpExchange {
  method: string;
  /** The request path and query as received. */
  url: string;
  routeUrl: string;
  params: Record<string, string | undefined>;
  ip: string;
  status: number;
  auditObjects?: AuditObjects | undefined;
  /** The verified caller (service token), when there was one. */
  principal?: { userId: string; name: string | undefined; role: string } | undefined;
}

/** The audit actor of an HTTP caller: the verified user, or only an address (refused, or auth off). */
export function actorOf(principal: HttpExchange['principal'], ip: string): AuditActor {
  if (!principal) return { userId: 'anonymous', networkAddress: ip };
  return { userId: principal.userId, ...(principal.name ? { userName: principal.name } : {}), roles: [principal.role], networkAddress: ip };
}

/** The audit record of one DICOMweb request (PS3.15 A.5.3.10 Query, A.5.3.7 Instances Transferred). */
export function dicomwebAuditRecord(exchange: HttpExchange, at = new Date()): AuditRecord | undefined {
  // No route matched (a 404 of the not-found handler): nothing was read.
  const operation = exchange.routeUrl ? dicomwebOperation(exchange.method, exchange.routeUrl) : undefined;
  if (!operation) return undefined;
  const [path = '', queryString] = exchange.url.split('?', 2);
  const study = exchange.params.study;
  const objects = exchange.auditObjects ?? { studyInstanceUIDs: study ? [study] : [], patientIds: [] };
  const outcome = outcomeOfStatus(exchange.status);
  return {
    event: operation === 'QIDO-RS' ? 'Query' : 'InstancesTransferred',
    // A query is Execute; a retrieve Reads; a store Creates (PS3.15 A.5.3.7).
    action: operation === 'QIDO-RS' ? 'E' : operation === 'STOW-RS' ? 'C' : 'R',
    outcome,
    ...(outcome !== AuditOutcome.Success ? { outcomeDescription: `HTTP ${exchange.status}` } : {}),
    operation,
    source: 'archive',
    // A caller without a valid service token (refused, or auth off) is known only by its address.
    actor: actorOf(exchange.principal, exchange.ip),
    patientIds: objects.patientIds.slice(0, 1000),
    studyInstanceUIDs: objects.studyInstanceUIDs.slice(0, 1000),
    ...(objects.instances !== undefined ? { instances: objects.instances } : {}),
    ...(operation === 'QIDO-RS' && queryString ? { query: safeDecode(queryString).slice(0, 4096) } : {}),
    resource: path.slice(0, 1024),
    at: at.toISOString(),
  };
}

/** The studies and patients in a QIDO-RS (or C-FIND) result in DICOM JSON. */
export function auditObjectsOfResults(results: readonly Record<string, { Value?: unknown[] } | undefined>[], scopeStudy?: string): AuditObjects {
  const studies = new Set<string>(scopeStudy ? [scopeStudy] : []);
  const patients = new Set<string>();
  for (const result of results) {
    const study = result[Tag.StudyInstanceUID]?.Value?.[0];
    const patient = result[Tag.PatientID]?.Value?.[0];
    if (typeof study === 'string' && study) studies.add(study);
    if (typeof patient === 'string' && patient) patients.add(patient);
  }
  return { studyInstanceUIDs: [...studies], patientIds: [...patients] };
}

/** Records every DICOMweb request of `app` (a scope holding only DICOMweb routes) once answered. */
export function registerDicomwebAudit(app: FastifyInstance, sink: AuditSink): void {
  app.addHook('onResponse', async (request: FastifyRequest, reply) => {
    const record = dicomwebAuditRecord({
      method: request.method,
      url: request.url,
      routeUrl: request.routeOptions.url ?? '',
      params: request.params as Record<string, string | undefined>,
      ip: request.ip,
      status: reply.statusCode,
      auditObjects: request.auditObjects,
      principal: request.principal,
    });
    if (record) sink.record(record);
  });
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
