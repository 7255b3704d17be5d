import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** PEM files of a test PKI: a CA, a server certificate for 127.0.0.1 and a client certificate, all signed by the CA. */
export interface TestPki {
  caCert: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

/**
 * Makes a throw-away PKI with the openssl command line in `dir` (tests only).
 * Certificates last one day; keys are RSA 2048, which every DICOM TLS profile
 * of PS3.15 Annex B accepts. `name` prefixes the files so two PKIs can share a folder.
 */
export function makeTlsCertificates(dir: string, name = 'test'): TestPki {
  const file = (f: string) => path.join(dir, `${name}-${f}`);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  const pki: TestPki = {
    caCert: file('ca.pem'),
    serverCert: file('server.pem'),
    serverKey: file('server.key'),
    clientCert: file('client.pem'),
    clientKey: file('client.key'),
  };
  const caKey = file('ca.key');
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', `/CN=${name} test CA`, '-keyout', caKey, '-out', pki.caCert);
  const issue = (key: string, cert: string, subject: string, extensions: string) => {
    const csr = `${cert}.csr`;
    const ext = `${cert}.ext`;
    execFileSync('sh', ['-c', `printf '%s\\n' "${extensions}" > '${ext}'`]);
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', subject, '-keyout', key, '-out', csr);
    openssl('x509', '-req', '-in', csr, '-CA', pki.caCert, '-CAkey', caKey, '-CAcreateserial', '-days', '1', '-extfile', ext, '-out', cert);
  };
  issue(pki.serverKey, pki.serverCert, '/CN=127.0.0.1', 'subjectAltName=IP:127.0.0.1,DNS:localhost');
  issue(pki.clientKey, pki.clientCert, `/CN=${name} DICOM client`, 'extendedKeyUsage=clientAuth');
  return pki;
}
