/**
 * The README's "who passes what" table is current, and it is real: every shipped third-party
 * adapter and the Python example (python3-ldap3) run the whole catalogue here, and the libraries'
 * known, genuine failures show (each checked against the library's own code).
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runAll, tableOf, withTable } from '../../../scripts/conformance-table.js';
import type { ConformanceReport } from '../../../src/conformance/index.js';

let reports: ConformanceReport[];
const byName = (name: string) => reports.find((report) => report.adapter === name)!;
const verdict = (adapter: string, id: string) =>
  byName(adapter).results.find((result) => result.id === id)?.verdict;

beforeAll(async () => {
  reports = await runAll();
}, 300_000);

describe('the conformance table', () => {
  it('in README.md is the one this run produces', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    expect(withTable(readme, tableOf(reports))).toBe(readme);
  });

  it('has our authenticator passing everything and the Python example every applicable scenario', () => {
    expect(byName('ldapmock').counts).toMatchObject({ fail: 0, notApplicable: 0 });
    const python = byName('python ldap3 example');
    expect(python.counts.fail).toBe(0);
    expect(python.counts.pass).toBeGreaterThan(150);
  });

  it('shows the libraries’ genuine failures', () => {
    // ldapauth-fork's sanitizeInput escapes `*` as \2a and then the backslash again (\5c2a).
    expect(verdict('ldapauth-fork', 'escaping/user-with-star')).toBe('fail');
    // Its StartTLS races the first bind on the same client.
    expect(verdict('ldapauth-fork', 'tls/starttls@openldap')).toBe('fail');
    // activedirectory2 puts the name into its filter unescaped: `ali*` logs in as alice.
    expect(verdict('activedirectory2', 'escaping/filter-star-prefix@ad')).toBe('fail');
    // ldap-authentication sends `alice\0` as is, and Samba compares up to the NUL.
    expect(verdict('ldap-authentication', 'escaping/filter-nul-suffix@samba')).toBe('fail');
    // passport-ldapauth names AD's account states from the data code.
    expect(verdict('passport-ldapauth', 'account-states/locked-775@ad')).toBe('pass');
  });
});
