/** Journal queries and the log line on hand-made entries: what matches, what differs, what a line shows. */
import { describe, expect, it } from 'vitest';
import { operationLogLine } from '../../../src/cli/operation-log-line.js';
import { parseFilter } from '../../../src/core/filter-parse.js';
import { Journal } from '../../../src/server/journal/journal.js';
import type { JournalEntry } from '../../../src/server/journal/journal-entry.js';
import { differences } from '../../../src/server/journal/journal-query.js';

const search = (filter: string, extra: Partial<JournalEntry> = {}): Omit<JournalEntry, 'seq'> => ({
  time: '2026-12-06T00:00:00.000Z',
  connection: 7,
  remote: '127.0.0.1:5000',
  messageId: 2,
  tls: false,
  boundAs: 'uid=alice,ou=people,dc=example,dc=org',
  operation: 'search',
  target: 'ou=people,dc=example,dc=org',
  controls: [],
  filter,
  parsedFilter: parseFilter(filter),
  scope: 'sub',
  attributes: ['cn'],
  entries: 0,
  code: 0,
  result: 'success',
  diagnosticMessage: '',
  durationMs: 1.25,
  ...extra,
});

describe('journal queries', () => {
  it('compare filters as filters: names in any case and escapes in any case match, wildcards do not', () => {
    const entry = { seq: 1, ...search('(uid=a\\2a)') };
    expect(differences(entry, { filter: '(UID=a\\2A)' })).toEqual([]);
    expect(differences(entry, { filter: '(uid=a*)' })).toEqual([
      { field: 'filter', expected: '(uid=a*)', actual: '(uid=a\\2a)' },
    ]);
    expect(differences(entry, { filter: '(uid=A\\2a)' })).toHaveLength(1);
    expect(() => differences(entry, { filter: '(uid=' })).toThrow(
      /^filter "\(uid=" is not a valid LDAP filter/,
    );
  });

  it('compare DNs as DNs, attribute lists as sets, and name every field that differs', () => {
    const entry = { seq: 1, ...search('(uid=bob)') };
    expect(differences(entry, { base: 'OU=People,DC=example, DC=org', attributes: ['CN'] })).toEqual([]);
    expect(
      differences(entry, {
        base: 'dc=example,dc=org',
        scope: 'one',
        overTls: true,
        result: 'failure',
        entries: 1,
      }),
    ).toEqual([
      { field: 'base', expected: 'dc=example,dc=org', actual: 'ou=people,dc=example,dc=org' },
      { field: 'scope', expected: 'one', actual: 'sub' },
      { field: 'entries', expected: '1', actual: '0' },
      { field: 'overTls', expected: 'true', actual: 'false' },
      { field: 'result', expected: 'failure', actual: 'success (0)' },
    ]);
    expect(differences(entry, { result: 49 })).toEqual([
      { field: 'result', expected: 'invalidCredentials (49)', actual: 'success (0)' },
    ]);
  });

  it('the journal keeps its newest entries, numbers them for good, and tells listeners until they stop', () => {
    const journal = new Journal(2);
    const add = (filter: string) => journal.record({ seq: journal.nextSeq(), ...search(filter) });
    const seen: number[] = [];
    const stop = journal.subscribe((entry) => seen.push(entry.seq));
    for (const uid of ['a', 'b', 'c']) add(`(uid=${uid})`);
    stop();
    add('(uid=d)');
    expect(seen).toEqual([1, 2, 3]);
    expect(journal.all().map((e) => [e.seq, e.filter])).toEqual([
      [3, '(uid=c)'],
      [4, '(uid=d)'],
    ]);
    journal.clear();
    expect(add('(uid=e)').seq).toBe(5);
    expect(() => new Journal(1.5)).toThrow('journal capacity must be a positive integer, got 1.5');
  });
});

describe('the log line', () => {
  it('reads like slapd stats: conn, op, tag, request, then the result and why', () => {
    const line = operationLogLine(
      {
        seq: 1,
        ...search('(uid=a\\2a)', {
          explanation: { reason: 'filter', summary: 'no entry in scope matches (uid=a\\2a)' },
        }),
      },
      false,
    );
    expect(line).toBe(
      'conn=7 op=2 SRCH base="ou=people,dc=example,dc=org" scope=2 filter="(uid=a\\\\2a)" attrs="cn" clear → err=0 nentries=0 1.3ms — no entry in scope matches (uid=a\\2a)',
    );
  });

  it('colours the result on a terminal, and a hostile name cannot start a line of its own', () => {
    const {
      filter: _f,
      parsedFilter: _p,
      scope: _s,
      attributes: _a,
      entries: _e,
      ...common
    } = search('(uid=x)');
    const bind: JournalEntry = {
      ...common,
      seq: 2,
      operation: 'bind',
      target: 'uid=x\nconn=1 op=1 BIND dn="cn=admin"',
      method: 'simple',
      credentials: '<redacted, 3 bytes>',
      code: 49,
      result: 'invalidCredentials',
    };
    const line = operationLogLine(bind, true);
    expect(line).not.toContain('\n');
    expect(line).toContain('dn="uid=x\\u000aconn=1 op=1 BIND dn=\\"cn=admin\\""');
    expect(line).toContain('\u001b[31merr=49 1.3ms\u001b[0m');
  });
});
