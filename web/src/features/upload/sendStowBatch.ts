import { type Result, err, ok } from '@consilium/shared';
import { type HttpProblem, problemFromResponse } from '../../lib/qido';
import { type StowResponse, buildStowBody, newBoundary, parseStowResponse } from '../../lib/stow';

/** The same-origin STOW-RS endpoint (the web server proxies it to the archive). */
const STOW_URL = '/dicomweb/studies';

/**
 * POSTs one batch of Part 10 files as a STOW-RS request (PS3.18 10.5).
 * XMLHttpRequest rather than fetch: only it reports upload progress.
 * `onProgress` gets the fraction of the request body sent, 0..1.
 *
 * A DICOM JSON answer is a Store Instances Response even with status 409 (none
 * stored) or 202 (some failed); any other failure (413, 415, 502, no answer)
 * comes back as a problem that applies to every file of the batch.
 */
export function sendStowBatch(files: readonly Blob[], onProgress: (fraction: number) => void, signal: AbortSignal): Promise<Result<StowResponse, HttpProblem>> {
  const { body, contentType } = buildStowBody(files, newBoundary());
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', STOW_URL);
    xhr.setRequestHeader('Content-Type', contentType);
    xhr.setRequestHeader('Accept', 'application/dicom+json');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      onProgress(1);
      void answerOf(xhr).then(resolve);
    };
    xhr.onerror = () => resolve(err({ status: 0, title: 'Network error', detail: 'The upload did not reach the Consilium web server.' }));
    xhr.onabort = () => resolve(err({ status: 0, title: 'Cancelled' }));
    if (signal.aborted) {
      resolve(err({ status: 0, title: 'Cancelled' }));
      return;
    }
    signal.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(body);
  });
}

async function answerOf(xhr: XMLHttpRequest): Promise<Result<StowResponse, HttpProblem>> {
  const contentType = xhr.getResponseHeader('content-type') ?? '';
  // PS3.18 10.5.3: 200, 202 and 409 carry the response module; problem+json never does.
  const storeResponse = [200, 202, 409].includes(xhr.status) && /^application\/(dicom\+)?json\b/.test(contentType);
  if (storeResponse) {
    try {
      return ok(parseStowResponse(JSON.parse(xhr.responseText)));
    } catch {
      return err({ status: xhr.status, title: 'Unreadable archive answer', detail: 'The STOW-RS response is not valid DICOM JSON.' });
    }
  }
  const response = new Response(xhr.responseText, { status: xhr.status, statusText: xhr.statusText, headers: { 'content-type': contentType } });
  return err(await problemFromResponse(response));
}
