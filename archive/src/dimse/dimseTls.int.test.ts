import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestLog, createTestLogger } from '../bus/createTestLogger.js';
import { hasDcmtk, runDcmtk, runDcmtkOk } from '../testing/dcmtk.js';
import { makeInstance, newUid } from '../testing/makeInstance.js';
import { makeTlsCertificates, type TestPki } from '../testing/makeTlsCertificates.js';
import { type TestArchive, startTestArchive, testBackends } from '../testing/testArchive.js';

/**
 * DICOM over TLS (PS3.15 B.1) with DCMTK's TLS clients: mutual authentication
 * against the configured CA; plain DIMSE keeps working beside it; a caller
 * without TLS or with a certificate of another CA never reaches the upper layer.
 */
describe.skipIf(!hasDcmtk()).each(testBackends())('DICOM over TLS (%s)', (backend) => {
  let t: TestArchive;
  let work: string;
  let pki: TestPki;
  let stranger: TestPki;
  let log: TestLog;
  const peer = (port: number) => ['-aet', 'TLS_SCU', '-aec', 'CONSILIUM', '127.0.0.1', String(port)];
  const tlsArgs = (p: TestPki) => ['+tls', p.clientKey, p.clientCert, '+cf', pki.caCert];

  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'consilium-tls-'));
    pki = makeTlsCertificates(work, 'ours');
    stranger = makeTlsCertificates(work, 'other');
    log = createTestLogger();
    t = await startTestArchive(
      backend,
      {
        DIMSE_ACCEPT_UNKNOWN: 'true',
        DIMSE_TLS_PORT: '0',
        DIMSE_TLS_CERT_FILE: pki.serverCert,
        DIMSE_TLS_KEY_FILE: pki.serverKey,
        DIMSE_TLS_CA_FILE: pki.caCert,
      },
      log.logger,
    );
  });
  afterAll(async () => {
    await t?.close();
    await rm(work, { recursive: true, force: true });
  });

  const tlsPort = () => {
    if (t.dimseTlsPort === undefined) throw new Error('the archive opened no TLS listener');
    return t.dimseTlsPort;
  };

  it('answers C-ECHO over TLS with a client certificate of the configured CA', async () => {
    const run = await runDcmtkOk('echoscu', ['-v', ...tlsArgs(pki), ...peer(tlsPort())]);
    expect(run.output).toMatch(/Received Echo Response \(Success\)/);
  });

  it('stores over TLS what storescu sent, byte-identical', async () => {
    const study = newUid();
    const file = path.join(work, 'tls-store.dcm');
    const bytes = makeInstance({ studyInstanceUID: study, rows: 16, columns: 16 });
    await writeFile(file, bytes);
    await runDcmtkOk('storescu', [...tlsArgs(pki), ...peer(tlsPort()), file]);
    const response = await fetch(`${t.dicomwebUrl}/studies/${study}/series`, { headers: { accept: 'application/dicom+json' } });
    expect(response.status).toBe(200);
    const [series] = (await response.json()) as Record<string, { Value?: unknown[] }>[];
    expect(series?.['00201209']?.Value?.[0]).toBe(1);
  });

  it('keeps the plain DIMSE port working beside the TLS one', async () => {
    await runDcmtkOk('echoscu', peer(t.dimsePort));
  });

  it('refuses a caller speaking plain DIMSE to the TLS port, and logs it', async () => {
    const run = await runDcmtk('echoscu', peer(tlsPort()), { timeoutMs: 15_000 });
    expect(run.code).not.toBe(0);
    await expect.poll(() => log.records.some((r) => r.msg === 'DICOM TLS handshake refused')).toBe(true);
  });

  it('refuses a client certificate signed by another CA', async () => {
    const before = log.records.filter((r) => r.msg === 'DICOM TLS handshake refused').length;
    const run = await runDcmtk('echoscu', [...tlsArgs(stranger), ...peer(tlsPort())], { timeoutMs: 15_000 });
    expect(run.code).not.toBe(0);
    expect(run.output).not.toMatch(/Received Echo Response/);
    await expect.poll(() => log.records.filter((r) => r.msg === 'DICOM TLS handshake refused').length).toBeGreaterThan(before);
  });

  it('refuses anonymous TLS when client certificates are required', async () => {
    const run = await runDcmtk('echoscu', ['+tla', '+cf', pki.caCert, ...peer(tlsPort())], { timeoutMs: 15_000 });
    expect(run.code).not.toBe(0);
    expect(run.output).not.toMatch(/Received Echo Response/);
  });

  it('still serves TLS after the refusals (no crash)', async () => {
    await runDcmtkOk('echoscu', [...tlsArgs(pki), ...peer(tlsPort())]);
    expect(log.records.filter((r) => r.level >= 50)).toEqual([]);
  });
});
