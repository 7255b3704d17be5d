import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, TRANSFER_SYNTAXES, TransferSyntax } from '@consilium/shared';
import { studyAccessOf } from '../access/StudyAccess.js';
import { absolutizeBulkDataUris } from '../ingest/toMetadataJson.js';
import { findInstanceCached, findInstances, readMetadata, type RetrieveScope, type StoredInstance } from '../retrieve/findInstances.js';
import { readBulkData } from '../retrieve/readBulkData.js';
import { readFramesAs } from '../retrieve/readFramesAs.js';
import type { DicomwebContext } from './DicomwebContext.js';
import { multipartBuffer, multipartContentType, multipartStream, newBoundary, type OutgoingPart } from './http/MultipartWriter.js';
import { acceptFromRequest, chooseRepresentation, type MediaRange } from './http/negotiateAccept.js';
import { frameListParam, instanceUidParam, seriesUidParam, studyUidParam } from './pathParams.js';
import { requestOrigin } from './requestOrigin.js';

type Params = { study?: string; series?: string; instance?: string; frames?: string; tag?: string };
const OCTET = 'application/octet-stream';

function scopeOf(params: Params): RetrieveScope {
  return {
    studyInstanceUID: studyUidParam(params.study),
    seriesInstanceUID: params.series === undefined ? undefined : seriesUidParam(params.series),
    sopInstanceUID: params.instance === undefined ? undefined : instanceUidParam(params.instance),
  };
}

function instanceScopeOf(params: Params) {
  return {
    studyInstanceUID: studyUidParam(params.study),
    seriesInstanceUID: seriesUidParam(params.series),
    sopInstanceUID: instanceUidParam(params.instance),
  };
}

function acceptOf(request: FastifyRequest): MediaRange[] {
  return acceptFromRequest(request.headers.accept, (request.query as { accept?: string | string[] }).accept);
}

/**
 * WADO-RS (PS3.18 10.4): instances as multipart/related application/dicom in
 * their stored transfer syntax (bytes as received), metadata as DICOM JSON from
 * the index, frames and bulk data as multipart/related octet-stream or the
 * stored compressed media type.
 */
export function registerWado(app: FastifyInstance, ctx: DicomwebContext): void {
  const retrieve = async (request: FastifyRequest, reply: FastifyReply) => {
    const found = await findInstances(ctx.db, scopeOf(request.params as Params), studyAccessOf(request.principal));
    const syntaxes = new Set(found.map((i) => i.transferSyntaxUID));
    const stored = syntaxes.size === 1 ? [...syntaxes][0] : undefined;
    const chosen = chooseRepresentation(acceptOf(request), [
      { mediaType: 'multipart/related', params: { type: 'application/dicom' }, transferSyntaxUID: stored },
    ]);
    if (!chosen) {
      throw new AppError(
        'NotAcceptable',
        'Instances are served as multipart/related; type="application/dicom" in their stored transfer syntax (transcoding on retrieve is not supported yet)',
      );
    }
    const boundary = newBoundary();
    const parts = instanceParts(ctx, found);
    return reply
      .type(multipartContentType('application/dicom', boundary))
      .send(multipartStream(parts, boundary));
  };
  app.get('/studies/:study', retrieve);
  app.get('/studies/:study/series/:series', retrieve);
  app.get('/studies/:study/series/:series/instances/:instance', retrieve);

  const metadata = async (request: FastifyRequest, reply: FastifyReply) => {
    const chosen = chooseRepresentation(acceptOf(request), [
      { mediaType: 'application/dicom+json' },
      { mediaType: 'application/json' },
    ]);
    if (!chosen) throw new AppError('NotAcceptable', 'Metadata is available as application/dicom+json only');
    const json = await readMetadata(ctx.db, scopeOf(request.params as Params), studyAccessOf(request.principal));
    return reply.type('application/dicom+json').send(absolutizeBulkDataUris(json, ctx.publicRoot(requestOrigin(request))));
  };
  app.get('/studies/:study/metadata', metadata);
  app.get('/studies/:study/series/:series/metadata', metadata);
  app.get('/studies/:study/series/:series/instances/:instance/metadata', metadata);

  app.get('/studies/:study/series/:series/instances/:instance/frames/:frames', async (request, reply) => {
    const params = request.params as Params;
    const numbers = frameListParam(params.frames);
    const instance = await findInstanceCached(ctx.db, ctx.instances, instanceScopeOf(params), studyAccessOf(request.principal));
    const representation = chooseFrameRepresentation(acceptOf(request), instance.transferSyntaxUID);
    const frames = await readFramesAs(ctx.blobs, instance, numbers, representation.transferSyntaxUID);
    const partType = representation.params.type === OCTET ? OCTET : frameMediaType(representation.transferSyntaxUID);
    const boundary = newBoundary();
    const parts = frames.map((body) => ({ contentType: `${partType}; transfer-syntax=${representation.transferSyntaxUID}`, body }));
    return reply
      .type(multipartContentType(representation.params.type, boundary, { 'transfer-syntax': representation.transferSyntaxUID }))
      .send(multipartBuffer(parts, boundary));
  });

  app.get('/studies/:study/series/:series/instances/:instance/bulkdata/:tag', async (request, reply) => {
    const params = request.params as Params;
    const tag = (params.tag ?? '').toUpperCase();
    if (!/^[0-9A-F]{8}$/.test(tag)) throw new AppError('InvalidQuery', 'Bulk data tag must be 8 hexadecimal digits');
    const instance = await findInstanceCached(ctx.db, ctx.instances, instanceScopeOf(params), studyAccessOf(request.principal));
    const bulk = await readBulkData(ctx.blobs, instance, tag);
    const boundary = newBoundary();
    const parts = bulk.parts.map((body) => ({ contentType: `${bulk.mediaType}; transfer-syntax=${bulk.transferSyntaxUID}`, body }));
    return reply.type(multipartContentType(bulk.mediaType, boundary)).send(multipartBuffer(parts, boundary));
  });
}

async function* instanceParts(ctx: DicomwebContext, found: StoredInstance[]): AsyncGenerator<OutgoingPart> {
  for (const instance of found) {
    yield {
      contentType: `application/dicom; transfer-syntax=${instance.transferSyntaxUID}`,
      body: ctx.blobs.createReadStream(instance.blobKey),
    };
  }
}

type FrameOffer = { mediaType: string; params: { type: string }; transferSyntaxUID: string };

/**
 * Frames as stored (under their own media type, or under octet-stream for
 * Cornerstone's `transfer-syntax=*`), or decoded to Explicit VR Little Endian.
 */
function chooseFrameRepresentation(accept: MediaRange[], stored: string): FrameOffer {
  const native = !(TRANSFER_SYNTAXES.get(stored)?.encapsulated ?? true);
  const ele: FrameOffer = { mediaType: 'multipart/related', params: { type: OCTET }, transferSyntaxUID: TransferSyntax.ExplicitVRLittleEndian };
  const offers: FrameOffer[] = native
    ? [ele]
    : [
        { mediaType: 'multipart/related', params: { type: OCTET }, transferSyntaxUID: stored },
        { mediaType: 'multipart/related', params: { type: frameMediaType(stored) }, transferSyntaxUID: stored },
        ele,
      ];
  const chosen = chooseRepresentation(accept, offers);
  if (!chosen) {
    throw new AppError('NotAcceptable', `Frames are available in transfer syntax ${stored} (as stored) or ${TransferSyntax.ExplicitVRLittleEndian}`);
  }
  return chosen;
}

function frameMediaType(transferSyntaxUID: string): string {
  return TRANSFER_SYNTAXES.get(transferSyntaxUID)?.frameMediaType ?? OCTET;
}
