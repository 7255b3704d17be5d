import { STUDY_MANAGERS, requireRole } from '../access/requireRole.js';
import type { DicomJsonDict } from 'dcmjs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ErrorCode, Tag } from '@consilium/shared';
import type { AuditObjects } from '../audit/httpAudit.js';
import { type IngestOutcome, ingestInstances } from '../ingest/ingestInstance.js';
import type { DicomwebContext } from './DicomwebContext.js';
import { parseMediaType } from './http/parseMediaType.js';
import { parseMultipartRelated } from './http/parseMultipartRelated.js';
import { requestOrigin } from './requestOrigin.js';
import { studyUidParam } from './pathParams.js';

const DICOM = 'application/dicom';

/**
 * STOW-RS (PS3.18 10.5): `POST /studies[/{study}]` with multipart/related
 * application/dicom parts. Every part goes through the one ingest path; the
 * response lists stored instances in ReferencedSOPSequence and refused ones in
 * FailedSOPSequence with a FailureReason (PS3.18 Table 10.5.3-2): 200 when all
 * are stored, 202 when some failed, 409 when none was stored.
 */
export function registerStow(app: FastifyInstance, ctx: DicomwebContext, maxBodyBytes: number): void {
  app.addContentTypeParser('multipart/related', { parseAs: 'buffer', bodyLimit: maxBodyBytes }, (_req, body, done) => {
    done(null, body);
  });

  // Physicians and guests read; storing is for the roles that manage studies.
  const mayStore = requireRole(STUDY_MANAGERS, 'Storing instances');
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const params = request.params as { study?: string };
    const expectedStudy = params.study === undefined ? undefined : studyUidParam(params.study);
    if (!Buffer.isBuffer(request.body)) {
      throw new AppError('UnsupportedMediaType', 'STOW-RS expects Content-Type multipart/related; type="application/dicom"');
    }
    const parsed = parseMultipartRelated(request.body, request.headers['content-type']);
    if (!parsed.ok) throw parsed.error;
    const { type, parts } = parsed.value;
    if (type !== undefined && type !== DICOM) {
      throw new AppError('UnsupportedMediaType', `Only type="${DICOM}" is supported for STOW-RS (got "${type}")`);
    }
    if (parts.length === 0) throw new AppError('InvalidDicom', 'The multipart body has no parts');

    const outcomes: (IngestOutcome | undefined)[] = parts.map((part) => {
      const partType = part.contentType ?? type ?? DICOM;
      if (partType === DICOM) return undefined;
      const error = new AppError('UnsupportedMediaType', `Part media type ${partType} is not ${DICOM}`);
      return { status: 'rejected', uids: {}, error };
    });
    const dicomParts = parts.filter((_, i) => outcomes[i] === undefined);
    const ingested = await ingestInstances(ctx.ingest, dicomParts.map((p) => p.body), { source: 'stow', expectedStudyInstanceUID: expectedStudy });
    for (let i = 0, next = 0; i < outcomes.length; i++) outcomes[i] ??= ingested[next++];
    const settled = outcomes.filter((o): o is IngestOutcome => o !== undefined);
    const root = ctx.publicRoot(requestOrigin(request));
    const body = stowResponse(settled, root, expectedStudy);
    const failed = settled.filter((o) => o.status === 'rejected' || o.status === 'conflict').length;
    request.auditObjects = storedObjects(settled);
    const status = failed === 0 ? 200 : failed === settled.length ? 409 : 202;
    request.log.info({ parts: parts.length, failed, status }, 'STOW-RS request handled');
    return reply.status(status).type('application/dicom+json').send(JSON.stringify(body));
  };
  app.post('/studies', { onRequest: [mayStore, requireMultipartRelated] }, handler);
  app.post('/studies/:study', { onRequest: [mayStore, requireMultipartRelated] }, handler);
}

/**
 * Refuses any other request media type before the body is read, with a reason:
 * otherwise Fastify's own parsers answer first (a JSON parse error for
 * application/json, a bare "Unsupported Media Type" for the rest).
 */
async function requireMultipartRelated(request: FastifyRequest): Promise<void> {
  const header = request.headers['content-type'];
  const mediaType = header === undefined ? undefined : parseMediaType(header);
  if (mediaType?.type === 'multipart' && mediaType.subtype === 'related') return;
  const got = header === undefined ? 'no Content-Type' : mediaType ? `${mediaType.type}/${mediaType.subtype}` : 'an unparseable Content-Type';
  throw new AppError('UnsupportedMediaType', `STOW-RS expects Content-Type multipart/related; type="${DICOM}", got ${got}`);
}

/** The Store Instances Response Module (PS3.18 Table 10.5.3-1). */
export function stowResponse(outcomes: IngestOutcome[], root: string, study: string | undefined): DicomJsonDict {
  const referenced: DicomJsonDict[] = [];
  const failed: DicomJsonDict[] = [];
  for (const outcome of outcomes) {
    const uids = outcome.uids;
    const item: DicomJsonDict = {
      [Tag.ReferencedSOPClassUID]: uids.sopClassUID ? { vr: 'UI', Value: [uids.sopClassUID] } : { vr: 'UI' },
      [Tag.ReferencedSOPInstanceUID]: uids.sopInstanceUID ? { vr: 'UI', Value: [uids.sopInstanceUID] } : { vr: 'UI' },
    };
    if (outcome.status === 'rejected' || outcome.status === 'conflict') {
      item[Tag.FailureReason] = { vr: 'US', Value: [ErrorCode[outcome.error.code].dimse] };
      failed.push(item);
    } else {
      const o = outcome.uids;
      item[Tag.RetrieveURL] = {
        vr: 'UR',
        Value: [`${root}/studies/${o.studyInstanceUID}/series/${o.seriesInstanceUID}/instances/${o.sopInstanceUID}`],
      };
      referenced.push(item);
    }
  }
  const studies = new Set(outcomes.flatMap((o) => (o.status === 'rejected' || o.status === 'conflict' ? [] : [o.uids.studyInstanceUID])));
  const studyUid = study ?? (studies.size === 1 ? [...studies][0] : undefined);
  const body: DicomJsonDict = {};
  if (studyUid) body[Tag.RetrieveURL] = { vr: 'UR', Value: [`${root}/studies/${studyUid}`] };
  if (failed.length > 0) body[Tag.FailedSOPSequence] = { vr: 'SQ', Value: failed };
  body[Tag.ReferencedSOPSequence] = referenced.length > 0 ? { vr: 'SQ', Value: referenced } : { vr: 'SQ' };
  return body;
}

/** The studies a STOW-RS request stored into (for its audit record) and how many instances it stored. */
function storedObjects(outcomes: readonly IngestOutcome[]): AuditObjects {
  const stored = outcomes.filter((o): o is Extract<IngestOutcome, { transferSyntaxUID: string }> => o.status === 'stored' || o.status === 'replaced' || o.status === 'duplicate');
  return { studyInstanceUIDs: [...new Set(stored.map((o) => o.uids.studyInstanceUID))], patientIds: [], instances: stored.length };
}
