/**
 * A bootstrap folder applied to a real slapd the way the images apply it: each `*.ldif` in name
 * order with `{{ NAME }}` filled from `env`; a file of cn=config records over ldapi as EXTERNAL
 * (root), any other as the rootdn; `-a`, so that records without a changetype add.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runLdapTool } from './ldap-tool.js';
import type { SlapdInstance } from './slapd.js';

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
