import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '@consilium/shared';
import { studyAccessOf } from '../access/StudyAccess.js';
import { parseQualityParam, parseViewportParam, parseWindowParam, type RenderOptions } from '../render/index.js';
import { findInstances, type StoredInstance } from '../retrieve/findInstances.js';
import { renderInstance } from '../retrieve/renderInstance.js';
import type { DicomwebContext } from './DicomwebContext.js';
import { acceptFromRequest, chooseRepresentation } from './http/negotiateAccept.js';
import { frameListParam, instanceUidParam, seriesUidParam, studyUidParam } from './pathParams.js';

type Params = { study?: string; series?: string; instance?: string; frames?: string };
type RenderQuery = { window?: string; viewport?: string; quality?: string; accept?: string | string[] };
const THUMBNAIL_SIDE_PX = 128;
const RENDER_PARAMS = new Set(['window', 'viewport', 'quality', 'accept', 'annotation', 'charset']);

/**
 * WADO-RS rendered resources and thumbnails (PS3.18 8.3.5, 8.3.6): JPEG (default)
 * or PNG, with `window`, `viewport` and `quality`. A study or series thumbnail
 * shows the middle instance of its first series.
 */
export function registerRendered(app: FastifyInstance, ctx: DicomwebContext): void {
  const render = (thumbnail: boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
    const params = request.params as Params;
    const options = renderOptions(request, thumbnail);
    const found = await findInstances(ctx.db, {
      studyInstanceUID: studyUidParam(params.study),
      seriesInstanceUID: params.series === undefined ? undefined : seriesUidParam(params.series),
      sopInstanceUID: params.instance === undefined ? undefined : instanceUidParam(params.instance),
    }, studyAccessOf(request.principal));
    const instance = params.instance === undefined ? representative(found) : found[0];
    if (!instance) throw new AppError('NotFound', 'No such instance');
    const frame = params.frames === undefined ? 1 : (frameListParam(params.frames)[0] ?? 1);
    const rendered = await renderInstance(ctx.blobs, instance, frame, options);
    return reply.type(rendered.mediaType).header('Cache-Control', 'private, max-age=3600').send(rendered.body);
  };
  const instancePath = '/studies/:study/series/:series/instances/:instance';
  app.get(`${instancePath}/rendered`, render(false));
  app.get(`${instancePath}/frames/:frames/rendered`, render(false));
  app.get('/studies/:study/thumbnail', render(true));
  app.get('/studies/:study/series/:series/thumbnail', render(true));
  app.get(`${instancePath}/thumbnail`, render(true));
  app.get(`${instancePath}/frames/:frames/thumbnail`, render(true));
}

function renderOptions(request: FastifyRequest, thumbnail: boolean): RenderOptions {
  const query = request.query as RenderQuery & Record<string, unknown>;
  for (const name of Object.keys(query)) {
    if (!RENDER_PARAMS.has(name)) throw new AppError('InvalidQuery', `Unsupported query parameter "${name.slice(0, 64)}" for rendered resources`);
  }
  const chosen = chooseRepresentation(acceptFromRequest(request.headers.accept, query.accept), [
    { mediaType: 'image/jpeg' },
    { mediaType: 'image/png' },
  ]);
  if (!chosen) throw new AppError('NotAcceptable', 'Rendered images are available as image/jpeg or image/png');
  return {
    mediaType: chosen.mediaType as RenderOptions['mediaType'],
    quality: single(query.quality, parseQualityParam),
    window: single(query.window, parseWindowParam),
    viewport: single(query.viewport, parseViewportParam) ?? (thumbnail ? { width: THUMBNAIL_SIDE_PX, height: THUMBNAIL_SIDE_PX } : undefined),
  };
}

function single<T>(value: unknown, parse: (v: string) => { ok: true; value: T } | { ok: false; error: AppError }): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new AppError('InvalidQuery', 'A rendering parameter was given more than once');
  const result = parse(value);
  if (!result.ok) throw result.error;
  return result.value;
}

/** The middle instance of the first series: what a person expects a thumbnail to show. */
function representative(found: StoredInstance[]): StoredInstance | undefined {
  const firstSeries = found[0]?.seriesInstanceUID;
  const series = found.filter((i) => i.seriesInstanceUID === firstSeries);
  return series[Math.floor(series.length / 2)];
}
