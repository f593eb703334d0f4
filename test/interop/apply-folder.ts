/**
 * A bootstrap folder applied to a real slapd the way the images apply it: each `*.ldif` in name
 * order with `{{ NAME }}` filled from `env`; a file of cn=config records over ldapi as EXTERNAL
 * (root), any other as the rootdn; `-a`, so that records without a changetype add.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLdapTool } from './ldap-tool.js';
import { type SlapdInstance, startSlapdForSuite } from './slapd.js';

/**
 * A bare slapd (no overlays, no data) as an image starts one for a folder: with the base entry of
 * `suffix` the image creates (osixia's `dcObject` + `organization`), or with nothing when the
 * folder brings its own (`base: false`).
 */
export async function startImageSlapd(
  suite: string,
  suffix: string,
  { base = true }: { base?: boolean } = {},
): Promise<SlapdInstance> {
  const dir = mkdtempSync(join(tmpdir(), `ldapmock-${suite}-`));
  try {
    const ldif = join(dir, 'base.ldif');
    const dc = /^dc=([^,]+)/i.exec(suffix)?.[1] ?? 'example';
    writeFileSync(
      ldif,
      base ? `dn: ${suffix}\nobjectClass: dcObject\nobjectClass: organization\no: Example\ndc: ${dc}\n` : '',
    );
    return await startSlapdForSuite(suite, { bare: true, suffix, ldif });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** slapd's ldapi socket: where cn=config is changed as root. */
export function ldapiOf(slapd: SlapdInstance): string {
  return `ldapi://${encodeURIComponent(join(slapd.dir, 'ldapi'))}`;
}

/** One ldapmodify over ldapi as EXTERNAL (root), as an image's entrypoint or an operator does. */
export async function configureSlapd(slapd: SlapdInstance, ldif: string): Promise<void> {
  await ldapModify(slapd, ['-a', '-Y', 'EXTERNAL', '-Q', '-H', ldapiOf(slapd)], ldif, 'cn=config');
}

export async function applyFolder(
  slapd: SlapdInstance,
  folder: string,
  env: Readonly<Record<string, string>> = {},
): Promise<void> {
  const names = readdirSync(folder)
    .filter((f) => f.endsWith('.ldif'))
    .sort();
  for (const name of names) {
    const text = readFileSync(join(folder, name), 'utf8').replace(
      /\{\{\s*(\w+)\s*\}\}/g,
      (whole, key: string) => env[key] ?? whole,
    );
    const args = /^dn:.*cn=config\s*$/m.test(text)
      ? ['-a', '-Y', 'EXTERNAL', '-Q', '-H', ldapiOf(slapd)]
      : ['-a', '-x', '-H', slapd.url, '-D', slapd.rootDN, '-w', slapd.rootPassword];
    await ldapModify(slapd, args, text, name);
  }
}

async function ldapModify(slapd: SlapdInstance, args: readonly string[], input: string, what: string) {
  const result = await runLdapTool('ldapmodify', args, { caFile: slapd.caFile, input });
  if (result.exitCode !== 0) throw new Error(`ldapmodify ${what}: ${result.stderr}`);
}
