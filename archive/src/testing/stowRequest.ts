/** A STOW-RS multipart/related body of application/dicom parts, as clients send it. */
export function stowBody(files: Uint8Array[], boundary = `b${Math.random().toString(16).slice(2)}`): { body: Buffer; contentType: string } {
  const chunks: Buffer[] = [];
  for (const file of files) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`), Buffer.from(file), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/related; type="application/dicom"; boundary=${boundary}` };
}

/** POSTs `files` as one STOW-RS request; `headers` adds e.g. an Authorization with a service token. */
export async function postStow(dicomwebUrl: string, files: Uint8Array[], path = '/studies', headers: Record<string, string> = {}): Promise<Response> {
  const { body, contentType } = stowBody(files);
  return fetch(`${dicomwebUrl}${path}`, { method: 'POST', headers: { ...headers, 'Content-Type': contentType }, body });
}
