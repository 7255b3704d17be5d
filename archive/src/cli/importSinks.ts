import { AppError, ErrorCode, Tag } from '@consilium/shared';
import type { Archive } from '../createArchive.js';
import type { IngestOutcome } from '../ingest/ingestInstance.js';
import { ingestInstances } from '../ingest/ingestInstance.js';
import { multipartBuffer, multipartContentType, newBoundary } from '../dicomweb/http/MultipartWriter.js';

/** Where an import sends files: the archive's data directly, or a running archive over STOW-RS. */
export interface ImportSink {
  ingest(files: Uint8Array[]): Promise<IngestOutcome[]>;
  close(): Promise<void>;
}

export function directSink(archive: Archive): ImportSink {
  return {
    ingest: (files) => ingestInstances(archive.ingestContext, files, { source: 'import' }),
    close: () => archive.close(),
  };
}

/**
 * One STOW-RS request per file, so that each file's result is its own response:
 * 200 stored (or already held), a FailedSOPSequence item's FailureReason otherwise.
 */
export function stowSink(dicomwebRoot: string, serviceToken?: string): ImportSink {
  return {
    async ingest(files) {
      const outcomes: IngestOutcome[] = [];
      for (const file of files) outcomes.push(await stowOne(dicomwebRoot, file, serviceToken));
      return outcomes;
    },
    close: async () => undefined,
  };
}

async function stowOne(root: string, file: Uint8Array, serviceToken: string | undefined): Promise<IngestOutcome> {
  const boundary = newBoundary();
  const body = multipartBuffer([{ contentType: 'application/dicom', body: file }], boundary);
  const contentType = multipartContentType('application/dicom', boundary);
  const authorization: Record<string, string> = serviceToken ? { authorization: `Bearer ${serviceToken}` } : {};
  const response = await fetch(`${root}/studies`, { method: 'POST', headers: { ...authorization, 'Content-Type': contentType }, body });
  if (response.status === 401) {
    const hint = 'set CONSILIUM_TOKEN to a service token (signed in to the web app: GET /api/auth/token), or stop the archive and import again';
    return { status: 'rejected', uids: {}, error: new AppError('Unauthorized', `The archive needs a service token: ${hint}`) };
  }
  const json = (await response.json().catch(() => ({}))) as Record<string, { Value?: Record<string, { Value?: unknown[] }>[] }>;
  const uids = { studyInstanceUID: '', seriesInstanceUID: '', sopInstanceUID: '', sopClassUID: '' };
  if (response.status === 200) return { status: 'stored', uids, transferSyntaxUID: '' };
  const reason = Number(json[Tag.FailedSOPSequence]?.Value?.[0]?.[Tag.FailureReason]?.Value?.[0] ?? Number.NaN);
  const code = (Object.keys(ErrorCode) as (keyof typeof ErrorCode)[]).find((c) => ErrorCode[c].dimse === reason) ?? 'ProcessingFailure';
  const detail = Number.isNaN(reason) ? `HTTP ${response.status}` : `failure reason 0x${reason.toString(16).toUpperCase()} (${ErrorCode[code].title})`;
  return { status: 'rejected', uids: {}, error: new AppError(code, `The archive refused the file: ${detail}`) };
}
