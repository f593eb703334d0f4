/**
 * The server certificate a configuration names: cn=config's olcTLSCertificateFile,
 * olcTLSCertificateKeyFile and olcTLSCACertificateFile (slapd.conf's TLSCertificateFile…). A
 * folder written for a container names paths inside it, so a file that is not here is named at
 * start-up and the generated certificate serves instead; a relative path is read from the
 * configuration file's folder. A file that is here but not PEM of its kind is an error.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export type TlsFileRole = 'cert' | 'key' | 'ca';

/** The settings, by lower-case name in either form, and the file each names. */
export const TLS_FILE_SETTINGS: ReadonlyMap<string, TlsFileRole> = new Map([
  ['olctlscertificatefile', 'cert'],
  ['olctlscertificatekeyfile', 'key'],
  ['olctlscacertificatefile', 'ca'],
  ['tlscertificatefile', 'cert'],
  ['tlscertificatekeyfile', 'key'],
  ['tlscacertificatefile', 'ca'],
]);

/** One setting as written: its name, the path, the file that sets it and `file:line`. */
export interface TlsFileSetting {
  readonly name: string;
  readonly path: string;
  readonly source: string;
  readonly where: string;
}

export type TlsFileSettings = Partial<Record<TlsFileRole, TlsFileSetting>>;

export interface ServerTls {
  readonly cert: string;
  readonly key: string;
  readonly ca?: string;
}

/** The settings whose files are here, each looked for once (a kept folder records them: kept-bootstrap.ts). */
export function presentTlsFiles(settings: TlsFileSettings): ReadonlySet<TlsFileSetting> {
  return new Set(Object.values(settings).filter((setting) => existsSync(tlsFilePath(setting))));
}

/**
 * The certificate, key and CA as PEM when the certificate and key files are here; else undefined
 * and each setting named in `notices`. A CA file that is not here is named too (client
 * certificates are then checked against the generated CA). `problems`: a file here that is not
 * what it should be.
 */
export function serverTlsOf(
  settings: TlsFileSettings,
  notices: string[],
  problems: string[],
  present: ReadonlySet<TlsFileSetting> = presentTlsFiles(settings),
): ServerTls | undefined {
  const ignore = (setting: TlsFileSetting, reason: string) =>
    notices.push(`ignored: ${setting.name} ${setting.path} in ${setting.where}: ${reason}`);
  const { cert, key, ca } = settings;
  if (!cert || !key || !present.has(cert) || !present.has(key)) {
    for (const setting of Object.values(settings)) {
      const why = present.has(setting) ? 'the certificate or its key is not here' : 'no such file here';
      ignore(setting, `${why}; the generated certificate serves`);
    }
    return undefined;
  }
  if (ca && !present.has(ca)) ignore(ca, 'no such file here');
  const certPem = pem(cert, 'cert', problems);
  const keyPem = pem(key, 'key', problems);
  const caPem = ca && present.has(ca) ? pem(ca, 'ca', problems) : undefined;
  if (certPem === undefined || keyPem === undefined) return undefined;
  return { cert: certPem, key: keyPem, ...(caPem !== undefined && { ca: caPem }) };
}

/** Where the setting's file is: a relative path is read from the configuration file's folder. */
export function tlsFilePath(setting: TlsFileSetting): string {
  return resolve(dirname(setting.source), setting.path);
}

/** The file's PEM text, checked to be a certificate or a private key as its role says. */
function pem(setting: TlsFileSetting, role: TlsFileRole, problems: string[]): string | undefined {
  try {
    const text = readFileSync(tlsFilePath(setting), 'utf8');
    if (role === 'key') createPrivateKey(text);
    else new X509Certificate(text);
    return text;
  } catch (error) {
    const what = role === 'key' ? 'a PEM private key' : 'a PEM certificate';
    problems.push(
      `${setting.where}: ${setting.name} ${setting.path}: not ${what} (${(error as Error).message})`,
    );
    return undefined;
  }
}
