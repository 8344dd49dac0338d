import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A self-signed certificate for localhost and 127.0.0.1, with its key (PEM). */
export interface Certificate {
  readonly key: string;
  readonly cert: string;
}

/**
 * Makes a fresh self-signed certificate with the openssl CLI (node:crypto cannot sign X.509).
 * Undefined when openssl is missing: the TLS tests then skip, and say why.
 */
export function selfSignedCertificate(): Certificate | undefined {
  const directory = mkdtempSync(join(tmpdir(), 'skiff-tls-'));
  try {
    const key = join(directory, 'key.pem');
    const cert = join(directory, 'cert.pem');
    // An EC key: made at once, where RSA takes a noticeable moment.
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'ignore', timeout: 10_000 },
    );
    return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
  } catch {
    return undefined;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** The certificate every TLS test uses, made once per test file. */
export const certificate = selfSignedCertificate();

/** Why the TLS tests are skipped, when they are. */
export const NO_OPENSSL = 'openssl CLI not found: the TLS tests need it to make a self-signed certificate';
