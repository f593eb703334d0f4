import { describe, expect, it } from 'vitest';
import {
  isLdifAttributeDescription,
  isLdifNumericOid,
  isLdifReservedType,
  LdifError,
  type LdifRecord,
  type LdifValue,
} from '../../../src/core/ldif.js';
import { parseLdif, readLdif } from '../../../src/core/ldif-reader.js';
import { ldifValueToBuffer, writeLdif } from '../../../src/core/ldif-writer.js';

/** LDIF text from lines, LF-terminated: line n of the file is argument n. */
const ldif = (...lines: string[]): string => lines.join('\n') + '\n';

/** `[line, reason]` of every error, in order. */
const problems = (text: string | Uint8Array, options = {}) =>
  readLdif(text, options).errors.map((e) => [e.line, e.reason] as const);

/** The single record of a file that must read without error. */
function only(text: string): LdifRecord {
  const result = readLdif(text);
  expect(result.errors.map((e) => e.message)).toEqual([]);
  expect(result.records).toHaveLength(1);
  return result.records[0]!;
}

const b = (text: string) => Buffer.from(text, 'utf8');

describe('readLdif: a realistic file', () => {
  it('reads version, comments, folded lines, base64 and three records with their lines', () => {
    const text = ldif(
      '# Example directory', // 1
      'version: 1', // 2
      '', // 3
      'dn: dc=example,dc=com', // 4
      'objectClass: top', // 5
      'objectClass: dcObject', // 6
      'objectClass: organization', // 7
      'dc: example', // 8
      'o: Example Inc.', // 9
      '', // 10
      '# people', // 11
      'dn: uid=jdoe,ou=people,dc=example,dc=com', // 12
      'objectClass: inetOrgPerson', // 13
      'uid: jdoe', // 14
      'cn: John', // 15
      '  Doe', // 16
      'sn: Doe', // 17
      'description:: Y2Fmw6k=', // 18
      'userPassword:: AAEC/w==', // 19
      '', // 20
      '', // 21
      'dn: cn=admins,ou=groups,dc=example,dc=com', // 22
      'changetype: modify', // 23
      'add: member', // 24
      'member: uid=jdoe,ou=people,dc=example,dc=com', // 25
      '-', // 26
    );
    const result = readLdif(text);
    expect(result.errors).toEqual([]);
    expect(result.version).toBe(1);
    expect(result.records).toEqual([
      {
        kind: 'content',
        dn: 'dc=example,dc=com',
        line: 4,
        attributes: [
          { type: 'objectClass', values: ['top', 'dcObject', 'organization'] },
          { type: 'dc', values: ['example'] },
          { type: 'o', values: ['Example Inc.'] },
        ],
      },
      {
        kind: 'content',
        dn: 'uid=jdoe,ou=people,dc=example,dc=com',
        line: 12,
        attributes: [
          { type: 'objectClass', values: ['inetOrgPerson'] },
          { type: 'uid', values: ['jdoe'] },
          { type: 'cn', values: ['John Doe'] },
          { type: 'sn', values: ['Doe'] },
          { type: 'description', values: [b('café')] },
          { type: 'userPassword', values: [Buffer.from([0, 1, 2, 255])] },
        ],
      },
      {
        kind: 'modify',
        dn: 'cn=admins,ou=groups,dc=example,dc=com',
        line: 22,
        controls: [],
        changes: [{ operation: 'add', type: 'member', values: ['uid=jdoe,ou=people,dc=example,dc=com'] }],
      },
    ]);
  });
});

describe('readLdif: lines', () => {
  it('accepts CRLF, LF and a mix of both', () => {
    const text = 'dn: cn=a\r\ncn: a\r\n\r\ndn: cn=b\ncn: b\r\n';
    const result = readLdif(text);
    expect(result.errors).toEqual([]);
    expect(result.records.map((r) => [r.dn, r.line])).toEqual([
      ['cn=a', 1],
      ['cn=b', 4],
    ]);
    expect(result.records[1]).toMatchObject({ attributes: [{ type: 'cn', values: ['b'] }] });
  });

  it('unfolds continuation lines, stripping exactly one space', () => {
    const record = only(ldif('dn: cn=a,', ' dc=example', 'description: one', '  two', ' three', 'cn: a'));
    expect(record).toMatchObject({
      dn: 'cn=a,dc=example',
      attributes: [
        { type: 'description', values: ['one twothree'] },
        { type: 'cn', values: ['a'] },
      ],
    });
  });

  it('unfolds a folded attribute type, base64 value and CRLF continuations', () => {
    const record = only('dn: cn=a\r\ndescri\r\n ption:: Y2F\r\n mw6k=\r\n');
    expect(record).toMatchObject({ attributes: [{ type: 'description', values: [b('café')] }] });
  });

  it('ignores comments, folded comments and comments inside a record', () => {
    const record = only(
      ldif('# a comment', ' that is folded', 'dn: cn=a', '# inside', ' still inside', 'cn: a', '#end'),
    );
    expect(record).toEqual({
      kind: 'content',
      dn: 'cn=a',
      line: 3,
      attributes: [{ type: 'cn', values: ['a'] }],
    });
  });

  it('takes several blank lines as one separator and needs no final newline', () => {
    const result = readLdif('\n\ndn: cn=a\ncn: a\n\n\n\n\ndn: cn=b\ncn: b');
    expect(result.errors).toEqual([]);
    expect(result.records.map((r) => [r.dn, r.line])).toEqual([
      ['cn=a', 3],
      ['cn=b', 9],
    ]);
  });

  it('skips a byte-order mark', () => {
    expect(only('\uFEFFdn: cn=a\ncn: a\n').dn).toBe('cn=a');
  });

  it('reads nothing from an empty file or one with only comments and a version', () => {
    expect(readLdif('')).toEqual({ records: [], errors: [] });
    expect(readLdif(ldif('# nothing', '', 'version: 1'))).toEqual({ records: [], errors: [], version: 1 });
  });

  it('reports a continuation line at the start of the file, and after a blank line', () => {
    expect(problems(ldif(' dn: cn=a', 'dn: cn=b', 'cn: b'))).toEqual([
      [1, 'continuation line (starting with a space) at the start of the file'],
    ]);
    expect(problems(ldif('dn: cn=a', 'cn: a', '', ' cn: b'))).toEqual([
      [4, 'continuation line (starting with a space) after a blank line: there is no line to continue'],
    ]);
  });

  it('numbers an error by the physical line where its logical line starts', () => {
    const text = ldif('dn: cn=a,', ' dc=x', 'description: long', ' er', ' still', 'bad line', ' folded');
    expect(problems(text)).toEqual([[6, 'line has no \':\' separator: "bad linefolded"']]);
  });
});

describe('readLdif: version', () => {
  it('takes version 1 followed directly by a record, without a blank line', () => {
    const result = readLdif(ldif('version: 1', 'dn: cn=a', 'cn: a'));
    expect(result.version).toBe(1);
    expect(result.records.map((r) => r.line)).toEqual([2]);
  });

  it('leaves version undefined when the file has none', () => {
    expect('version' in readLdif(ldif('dn: cn=a', 'cn: a'))).toBe(false);
  });

  it('reports other versions, non-numeric versions and a misplaced version line', () => {
    expect(problems(ldif('version: 2', '', 'dn: cn=a', 'cn: a'))).toEqual([
      [1, 'unsupported LDIF version 2 (only version 1 exists)'],
    ]);
    expect(problems(ldif('version: one'))).toEqual([[1, 'invalid version "one" (expected \'version: 1\')']]);
    expect(problems(ldif('dn: cn=a', 'cn: a', '', 'version: 1'))).toEqual([
      [4, "'version:' is only allowed on the first line of the file"],
    ]);
  });
});

describe('readLdif: values', () => {
  it('reads a plain value without the spaces after the colon, keeping trailing spaces', () => {
    const record = only(ldif('dn:    cn=a', 'cn:x', 'sn:    y', 'description: z  ', 'title:', 'l:   '));
    expect(record).toMatchObject({
      dn: 'cn=a',
      attributes: [
        { type: 'cn', values: ['x'] },
        { type: 'sn', values: ['y'] },
        { type: 'description', values: ['z  '] },
        { type: 'title', values: [''] },
        { type: 'l', values: [''] },
      ],
    });
  });

  it('keeps UTF-8 text and characters RFC 2849 allows in plain values', () => {
    const record = only(ldif('dn: cn=José', 'cn: José 😀', 'description: a\tb: c < d ::'));
    expect(record).toMatchObject({
      dn: 'cn=José',
      attributes: [
        { type: 'cn', values: ['José 😀'] },
        { type: 'description', values: ['a\tb: c < d ::'] },
      ],
    });
  });

  it('decodes base64 values to Buffers, an empty one included', () => {
    const record = only(ldif('dn: cn=a', 'photo:: AAEC/w==', 'photo::AAEC', 'empty::', 'spaced::   IHg=  '));
    expect(record).toMatchObject({
      attributes: [
        { type: 'photo', values: [Buffer.from([0, 1, 2, 255]), Buffer.from([0, 1, 2])] },
        { type: 'empty', values: [Buffer.alloc(0)] },
        { type: 'spaced', values: [b(' x')] },
      ],
    });
  });

  it('decodes a base64 DN, newrdn and newsuperior as UTF-8', () => {
    const record = only(
      ldif(
        'dn:: Y249Sm9zw6ksZGM9ZXhhbXBsZSxkYz1jb20=',
        'changetype: modrdn',
        'newrdn:: Y249Sm9zw6k=',
        'deleteoldrdn: 0',
        'newsuperior:: ZGM9ZXhhbXBsZSxkYz1jb20=',
      ),
    );
    expect(record).toEqual({
      kind: 'modrdn',
      dn: 'cn=José,dc=example,dc=com',
      line: 1,
      controls: [],
      newRdn: 'cn=José',
      deleteOldRdn: false,
      newSuperior: 'dc=example,dc=com',
    });
  });

  it('reads a URL value through the resolver, with the URL and line', () => {
    const calls: [string, number][] = [];
    const resolveUrl = (url: string, line: number) => {
      calls.push([url, line]);
      return Buffer.from([0xff, 0xd8]);
    };
    const result = readLdif(ldif('dn: cn=a', 'cn: a', 'jpegPhoto:<   file:///tmp/photo.jpg  '), {
      resolveUrl,
    });
    expect(result.errors).toEqual([]);
    expect(result.records[0]).toMatchObject({
      attributes: [{}, { type: 'jpegPhoto', values: [Buffer.from([0xff, 0xd8])] }],
    });
    expect(calls).toEqual([['file:///tmp/photo.jpg', 3]]);
  });

  it('reports a URL value without a resolver, with a failing resolver, or empty', () => {
    const text = ldif('dn: cn=a', 'jpegPhoto:< file:///nope.jpg');
    expect(problems(text)).toEqual([
      [2, "cannot read value of 'jpegPhoto' from URL 'file:///nope.jpg': no URL resolver was given"],
    ]);
    const resolveUrl = (url: string) => {
      throw new Error(`ENOENT: no such file, open '${new URL(url).pathname}'`);
    };
    expect(problems(text, { resolveUrl })).toEqual([
      [
        2,
        "cannot read value of 'jpegPhoto' from URL 'file:///nope.jpg': ENOENT: no such file, open '/nope.jpg'",
      ],
    ]);
    expect(problems(ldif('dn: cn=a', 'jpegPhoto:<  '))).toEqual([
      [2, "value of 'jpegPhoto' has an empty URL after ':<'"],
    ]);
  });

  it('reports invalid base64, a URL or invalid UTF-8 where a DN is expected', () => {
    expect(problems(ldif('dn: cn=a', 'photo:: AAE', 'photo:: AA*C', 'photo:: A===', 'photo:: AA C'))).toEqual(
      [
        [2, 'value of \'photo\' is not valid base64: "AAE"'],
        [3, 'value of \'photo\' is not valid base64: "AA*C"'],
        [4, 'value of \'photo\' is not valid base64: "A==="'],
        [5, 'value of \'photo\' is not valid base64: "AA C"'],
      ],
    );
    expect(problems(ldif('dn:< file:///dn.txt', 'cn: a'))).toEqual([
      [1, "'dn:<' is not allowed: a dn cannot come from a URL"],
    ]);
    expect(problems(ldif('dn:: /w==', 'cn: a'))).toEqual([
      [1, "value of 'dn' is not valid UTF-8 once decoded from base64"],
    ]);
  });

  it('reports NUL, CR and lone surrogates in plain values', () => {
    expect(problems(ldif('dn: cn=a', 'cn: a\0b', 'sn: a\rb', 'l: \uD800x', 'o: x\uDC00'))).toEqual([
      [2, "value of 'cn' contains a NUL character; write it in base64 with '::'"],
      [3, "value of 'sn' contains a CR character; write it in base64 with '::'"],
      [4, "value of 'l' is not valid UTF-8 (lone UTF-16 surrogate)"],
      [5, "value of 'o' is not valid UTF-8 (lone UTF-16 surrogate)"],
    ]);
    expect(problems(ldif('dn: cn=\0', 'cn: a'))).toEqual([
      [1, "value of 'dn' contains a NUL character; write it in base64 with '::'"],
    ]);
  });

  it('reports invalid UTF-8 bytes in a plain value of a Buffer input, but not in a comment', () => {
    const bytes = Buffer.concat([
      b('# caf'),
      Buffer.from([0xe9]), // latin-1 é in a comment: ignored
      b('\ndn: cn=a\ncn: caf'),
      Buffer.from([0xe9]),
      b('\nsn: ok\ndescription: fo\n '),
      Buffer.from([0xc3]), // folded onto the value's second physical line
      b('\n\ndn: cn=b\ncn: José\n'),
    ]);
    const result = readLdif(bytes);
    expect(result.errors.map((e) => [e.line, e.reason])).toEqual([
      [3, "value of 'cn' is not valid UTF-8; write it in base64 with '::'"],
      [5, "value of 'description' is not valid UTF-8; write it in base64 with '::'"],
    ]);
    expect(result.records).toEqual([
      { kind: 'content', dn: 'cn=b', line: 8, attributes: [{ type: 'cn', values: ['José'] }] },
    ]);
  });

  it('reads valid UTF-8 bytes like the decoded string', () => {
    const text = ldif('dn: cn=José', 'cn: José', 'photo:: AAEC');
    expect(readLdif(b(text))).toEqual(readLdif(text));
  });
});

describe('readLdif: content records', () => {
  it('groups attribute lines by type case-insensitively, first spelling and first-seen order', () => {
    const record = only(
      ldif(
        'dn: cn=a',
        'objectClass: top',
        'cn: a',
        'OBJECTCLASS: person',
        'cn;lang-en: A',
        'objectclass: inetOrgPerson',
        'CN;LANG-EN: B',
        '2.5.4.4: s',
      ),
    );
    expect(record).toEqual({
      kind: 'content',
      dn: 'cn=a',
      line: 1,
      attributes: [
        { type: 'objectClass', values: ['top', 'person', 'inetOrgPerson'] },
        { type: 'cn', values: ['a'] },
        { type: 'cn;lang-en', values: ['A', 'B'] },
        { type: '2.5.4.4', values: ['s'] },
      ],
    });
  });

  it('groups records with many attribute types too', () => {
    const types = Array.from({ length: 40 }, (_, i) => `attr${i}`);
    const lines = [
      'dn: cn=many',
      ...types.map((t) => `${t}: 1`),
      ...types.map((t) => `${t.toUpperCase()}: 2`),
    ];
    const record = only(ldif(...lines));
    expect(record).toMatchObject({ attributes: types.map((type) => ({ type, values: ['1', '2'] })) });
  });

  it('accepts an empty DN and keywords in any letter case', () => {
    expect(only(ldif('DN:', 'objectClass: top'))).toMatchObject({ kind: 'content', dn: '' });
    expect(only(ldif('Dn: cn=a', 'ChangeType: DELETE'))).toMatchObject({ kind: 'delete', dn: 'cn=a' });
  });

  it('reports a record not starting with dn:, a line without colon, and invalid attribute types', () => {
    expect(problems(ldif('cn: a', 'sn: b'))).toEqual([
      [1, 'expected \'dn:\' at the start of a record, found "cn:"'],
    ]);
    expect(problems(ldif('hello world', 'cn: b'))).toEqual([
      [1, 'expected \'dn:\' at the start of a record, found "hello world"'],
    ]);
    expect(
      problems(ldif('dn: cn=a', 'cn a', '  x', 'c n: a', 'cn_x: a', '1cn: a', 'cn;: a', 'cn : a')),
    ).toEqual([
      [2, 'line has no \':\' separator: "cn a x"'],
      [4, 'invalid attribute type "c n"'],
      [5, 'invalid attribute type "cn_x"'],
      [6, 'invalid attribute type "1cn"'],
      [7, 'invalid attribute type "cn;"'],
      [8, 'invalid attribute type "cn "'],
    ]);
  });

  it('reports a record without attributes and a dn: line inside a record', () => {
    expect(problems(ldif('dn: cn=a', '', 'dn: cn=b', 'cn: b'))).toEqual([
      [1, 'a content record needs at least one attribute'],
    ]);
    expect(problems(ldif('dn: cn=a', 'cn: a', 'dn: cn=b', 'cn: b'))).toEqual([
      [3, "'dn:' inside a record (records must be separated by a blank line)"],
    ]);
    expect(problems(ldif('dn: cn=a', 'cn: a', 'changetype: add'))).toEqual([
      [3, "'changetype:' must come right after 'dn:' and any 'control:' lines"],
    ]);
  });
});

describe('readLdif: change records', () => {
  it('reads an add record with controls in every form', () => {
    const record = only(
      ldif(
        'dn: cn=a,dc=x',
        'control: 1.2.840.113556.1.4.805 true',
        'control: 1.2.3',
        'control: 1.2.4 false: some text',
        'control: 1.2.5 TRUE:: AAEC',
        'control: 1.2.6: v',
        'control: 1.2.7 true:',
        'changetype: add',
        'objectClass: person',
        'cn: a',
      ),
    );
    expect(record).toEqual({
      kind: 'add',
      dn: 'cn=a,dc=x',
      line: 1,
      controls: [
        { oid: '1.2.840.113556.1.4.805', critical: true },
        { oid: '1.2.3', critical: false },
        { oid: '1.2.4', critical: false, value: 'some text' },
        { oid: '1.2.5', critical: true, value: Buffer.from([0, 1, 2]) },
        { oid: '1.2.6', critical: false, value: 'v' },
        { oid: '1.2.7', critical: true, value: '' },
      ],
      attributes: [
        { type: 'objectClass', values: ['person'] },
        { type: 'cn', values: ['a'] },
      ],
    });
  });

  it('reads a delete record', () => {
    expect(only(ldif('dn: cn=a', 'control: 1.2.3 true', 'changetype: delete  '))).toEqual({
      kind: 'delete',
      dn: 'cn=a',
      line: 1,
      controls: [{ oid: '1.2.3', critical: true }],
    });
  });

  it('reads a modify record with every operation', () => {
    const record = only(
      ldif(
        'dn: uid=j,dc=x',
        'changetype: modify',
        'add: mail',
        'mail: j@x.org',
        'MAIL: j2@x.org',
        '-',
        'delete: telephoneNumber',
        '-',
        'delete: description',
        'description:: IHg=',
        '-',
        'replace: cn;lang-fr',
        'cn;lang-fr: Jean',
        '-',
        'replace: seeAlso',
        '- ',
        'increment: uidNumber',
        'uidNumber: 5',
        '-',
      ),
    );
    expect(record).toEqual({
      kind: 'modify',
      dn: 'uid=j,dc=x',
      line: 1,
      controls: [],
      changes: [
        { operation: 'add', type: 'mail', values: ['j@x.org', 'j2@x.org'] },
        { operation: 'delete', type: 'telephoneNumber', values: [] },
        { operation: 'delete', type: 'description', values: [b(' x')] },
        { operation: 'replace', type: 'cn;lang-fr', values: ['Jean'] },
        { operation: 'replace', type: 'seeAlso', values: [] },
        { operation: 'increment', type: 'uidNumber', values: ['5'] },
      ],
    });
  });

  it('reads an empty modify record', () => {
    expect(only(ldif('dn: cn=a', 'changetype: modify'))).toMatchObject({ kind: 'modify', changes: [] });
  });

  it('reads modrdn and moddn records, with and without newsuperior', () => {
    expect(only(ldif('dn: cn=a,dc=x', 'changetype: modrdn', 'newrdn: cn=b', 'deleteoldrdn: 1'))).toEqual({
      kind: 'modrdn',
      dn: 'cn=a,dc=x',
      line: 1,
      controls: [],
      newRdn: 'cn=b',
      deleteOldRdn: true,
    });
    expect(
      only(
        ldif('dn: cn=a,dc=x', 'changetype: moddn', 'newrdn: cn=a', 'deleteoldrdn: 0', 'newsuperior: dc=y'),
      ),
    ).toEqual({
      kind: 'modrdn',
      dn: 'cn=a,dc=x',
      line: 1,
      controls: [],
      newRdn: 'cn=a',
      deleteOldRdn: false,
      newSuperior: 'dc=y',
    });
  });

  it('reads content and change records mixed in one file', () => {
    const result = readLdif(
      ldif('dn: cn=a', 'cn: a', '', 'dn: cn=b', 'changetype: delete', '', 'dn: cn=c', 'cn: c'),
    );
    expect(result.errors).toEqual([]);
    expect(result.records.map((r) => [r.kind, r.line])).toEqual([
      ['content', 1],
      ['delete', 4],
      ['content', 7],
    ]);
  });

  it('reports unknown changetypes, a non-plain changetype and lines after a delete', () => {
    expect(problems(ldif('dn: cn=a', 'changetype: rename'))).toEqual([
      [2, 'unknown changetype "rename" (expected add, delete, modify, modrdn or moddn)'],
    ]);
    expect(problems(ldif('dn: cn=a', 'changetype:: YWRk', 'cn: a'))).toEqual([
      [2, "'changetype:' takes a plain value, not base64 or a URL"],
    ]);
    expect(problems(ldif('dn: cn=a', 'changetype: delete', 'cn: a'))).toEqual([
      [3, 'unexpected line after \'changetype: delete\': "cn: a" (a delete record ends there)'],
    ]);
    expect(problems(ldif('dn: cn=a', 'changetype: add'))).toEqual([
      [2, 'an add record needs at least one attribute'],
    ]);
  });

  it('reports misplaced and malformed controls', () => {
    expect(problems(ldif('dn: cn=a', 'control: 1.2.3', 'cn: a'))).toEqual([
      [2, "'control:' lines must be followed by a 'changetype:' line"],
    ]);
    expect(problems(ldif('dn: cn=a', 'changetype: add', 'control: 1.2.3', 'cn: a'))).toEqual([
      [3, "'control:' lines must come between 'dn:' and 'changetype:'"],
    ]);
    expect(
      problems(
        ldif(
          'dn: cn=a',
          'control: pagedResults',
          'control: 1.2.3 yes',
          'control: 1.2.3 true x',
          'control:: MS4yLjM=',
          'changetype: delete',
        ),
      ),
    ).toEqual([
      [2, 'invalid control OID "pagedResults" (expected a numeric OID such as 1.2.840.113556.1.4.319)'],
      [3, "control criticality must be 'true' or 'false', found \"yes\""],
      [4, 'unexpected "x" after the control criticality'],
      [5, "'control:' takes a plain value ('control: <oid> [true|false] [value]')"],
    ]);
  });

  it('reports malformed modify blocks, each on its line, and keeps going', () => {
    const text = ldif(
      'dn: cn=a', // 1
      'changetype: modify', // 2
      'add: mail', // 3
      'cn: oops', // 4
      '-', // 5
      '-', // 6
      'mail: stray', // 7
      'replace: sn', // 8
      'sn: x', // 9
      'delete: l', // 10
      '-', // 11
      'increment: uidNumber', // 12
      'uidNumber: 1', // 13
      'uidNumber: 2', // 14
      '-', // 15
      'add:: bWFpbA==', // 16
      'add: c n', // 17
      'replace: cn', // 18
    );
    expect(problems(text)).toEqual([
      [4, `attribute "cn" inside the 'add: mail' block (its lines must all be 'mail:')`],
      [6, "'-' without an open 'add:', 'delete:', 'replace:' or 'increment:' block"],
      [7, "expected 'add:', 'delete:', 'replace:' or 'increment:' in a modify record, found \"mail:\""],
      [8, "'replace: sn' block is not ended by a '-' line"],
      [12, "'increment: uidNumber' needs exactly one value, found 2"],
      [16, "'add:' takes a plain value, not base64 or a URL"],
      [17, 'invalid attribute type "c n" after \'add:\''],
    ]);
  });

  it("takes a record's last modification without its closing '-', as ldapmodify does", () => {
    const text = ldif(
      'dn: cn=a',
      'changetype: modify',
      'add: mail',
      'mail: a@x',
      '-',
      'replace: sn',
      'sn: b',
      '',
      'dn: cn=b',
      'changetype: delete',
    );
    const { records, errors } = readLdif(text);
    expect(errors).toEqual([]);
    expect(records[0]).toMatchObject({
      kind: 'modify',
      changes: [
        { operation: 'add', type: 'mail', values: ['a@x'] },
        { operation: 'replace', type: 'sn', values: ['b'] },
      ],
    });
    expect(records[1]).toMatchObject({ kind: 'delete', dn: 'cn=b' });
  });

  it('reports malformed modrdn records', () => {
    expect(problems(ldif('dn: cn=a', 'changetype: modrdn', 'deleteoldrdn: 1'))).toEqual([
      [2, "modrdn record has no 'newrdn:' line"],
    ]);
    expect(problems(ldif('dn: cn=a', 'changetype: modrdn', 'newrdn: cn=b'))).toEqual([
      [2, "modrdn record has no 'deleteoldrdn:' line"],
    ]);
    expect(
      problems(
        ldif(
          'dn: cn=a',
          'changetype: modrdn',
          'newrdn:',
          'newrdn: cn=b',
          'deleteoldrdn: yes',
          'cn: b',
          'newsuperior:< file:///x',
        ),
      ),
    ).toEqual([
      [3, "'newrdn:' is empty"],
      [4, "'newrdn:' appears twice in a modrdn record"],
      [5, '\'deleteoldrdn:\' must be 0 or 1, found "yes"'],
      [6, "unexpected \"cn:\" in a modrdn record (expected 'newrdn:', 'deleteoldrdn:' or 'newsuperior:')"],
      [7, "'newsuperior:<' is not allowed: a newsuperior cannot come from a URL"],
    ]);
  });
});

describe('readLdif: errors', () => {
  it('returns every error of a file, and only the records without one', () => {
    const text = ldif(
      'version: 3', // 1
      '', // 2
      'dn: cn=good1', // 3
      'cn: good1', // 4
      '', // 5
      'cn: no dn', // 6
      '', // 7
      'dn: cn=bad-base64', // 8
      'photo:: @@@@', // 9
      'cn: x\0', // 10
      '', // 11
      'dn: cn=good2', // 12
      'changetype: delete', // 13
      '', // 14
      'dn: cn=bad-changetype', // 15
      'changetype: frobnicate', // 16
      '', // 17
      ' folded after blank', // 18
      'dn: cn=good3', // 19
      'cn: good3', // 20
    );
    const result = readLdif(text, { fileName: 'people.ldif' });
    expect(result.errors.map((e) => e.message)).toEqual([
      'people.ldif:1: unsupported LDIF version 3 (only version 1 exists)',
      'people.ldif:6: expected \'dn:\' at the start of a record, found "cn:"',
      'people.ldif:9: value of \'photo\' is not valid base64: "@@@@"',
      "people.ldif:10: value of 'cn' contains a NUL character; write it in base64 with '::'",
      'people.ldif:16: unknown changetype "frobnicate" (expected add, delete, modify, modrdn or moddn)',
      'people.ldif:18: continuation line (starting with a space) after a blank line: there is no line to continue',
    ]);
    expect(result.records.map((r) => r.dn)).toEqual(['cn=good1', 'cn=good2', 'cn=good3']);
  });

  it('builds LdifError messages as file:line: reason, with <ldif> as the default file', () => {
    const [error] = readLdif(ldif('dn: cn=a', 'cn: a', 'sn')).errors;
    expect(error).toBeInstanceOf(LdifError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'LdifError',
      file: '<ldif>',
      line: 3,
      reason: 'line has no \':\' separator: "sn"',
    });
    expect(error?.message).toBe('<ldif>:3: line has no \':\' separator: "sn"');
    expect(new LdifError('a.ldif', 7, 'why').message).toBe('a.ldif:7: why');
  });

  it('shortens and escapes long input quoted in a reason', () => {
    expect(problems(ldif('dn: cn=a', `${'x'.repeat(50)}\t`))).toEqual([
      [2, `line has no ':' separator: "${'x'.repeat(40)}…"`],
    ]);
    expect(problems(ldif('dn: cn=a', 'a\tb'))).toEqual([[2, 'line has no \':\' separator: "a\\tb"']]);
  });
});

describe('parseLdif', () => {
  it('returns the records of a valid file', () => {
    expect(parseLdif(ldif('dn: cn=a', 'cn: a'))).toEqual([
      { kind: 'content', dn: 'cn=a', line: 1, attributes: [{ type: 'cn', values: ['a'] }] },
    ]);
  });

  it('throws the first error', () => {
    expect(() => parseLdif(ldif('dn: cn=a', 'cn a', '', 'x'), { fileName: 'f.ldif' })).toThrow(
      new LdifError('f.ldif', 2, 'line has no \':\' separator: "cn a"'),
    );
    expect(() => parseLdif(ldif('dn: cn=a', 'cn a'))).toThrow(LdifError);
  });
});

describe('writeLdif', () => {
  it('writes plain values when RFC 2849 allows it and base64 otherwise', () => {
    const record: LdifRecord = {
      kind: 'content',
      dn: 'cn=a,dc=x',
      line: 0,
      attributes: [
        {
          type: 'description',
          values: [
            'plain: text < ok',
            '',
            ' x',
            ':a',
            '<a',
            'a ',
            'é',
            'a\0b',
            'line1\nline2',
            'a\rb',
            'tab\there',
          ],
        },
      ],
    };
    expect(writeLdif([record])).toBe(
      ldif(
        'dn: cn=a,dc=x',
        'description: plain: text < ok',
        'description:',
        'description:: IHg=',
        'description:: OmE=',
        'description:: PGE=',
        'description:: YSA=',
        'description:: w6k=',
        'description:: YQBi',
        'description:: bGluZTEKbGluZTI=',
        'description:: YQ1i',
        'description: tab\there',
      ),
    );
  });

  it('writes Buffers of safe text plain and other Buffers in base64; DNs likewise', () => {
    const record: LdifRecord = {
      kind: 'content',
      dn: 'cn=José,dc=example,dc=com',
      line: 0,
      attributes: [
        { type: 'jpegPhoto', values: [b('jpeg'), Buffer.from([0, 1, 2, 255]), Buffer.alloc(0), b(' x')] },
      ],
    };
    expect(writeLdif([record])).toBe(
      ldif(
        'dn:: Y249Sm9zw6ksZGM9ZXhhbXBsZSxkYz1jb20=',
        'jpegPhoto: jpeg',
        'jpegPhoto:: AAEC/w==',
        'jpegPhoto:',
        'jpegPhoto:: IHg=',
      ),
    );
    expect(
      writeLdif([{ kind: 'content', dn: '', line: 0, attributes: [{ type: 'o', values: ['x'] }] }]),
    ).toBe(ldif('dn:', 'o: x'));
  });

  it('writes every change record kind, with controls', () => {
    const records: LdifRecord[] = [
      {
        kind: 'add',
        dn: 'cn=a',
        line: 0,
        controls: [
          { oid: '1.2.3', critical: true },
          { oid: '1.2.4', critical: false, value: 'v' },
          { oid: '1.2.5', critical: true, value: Buffer.from([0]) },
        ],
        attributes: [
          { type: 'objectClass', values: ['top', 'person'] },
          { type: 'cn', values: ['a'] },
        ],
      },
      { kind: 'delete', dn: 'cn=b', line: 0, controls: [] },
      {
        kind: 'modify',
        dn: 'cn=c',
        line: 0,
        controls: [],
        changes: [
          { operation: 'replace', type: 'mail', values: ['c@x', 'd@x'] },
          { operation: 'delete', type: 'l', values: [] },
          { operation: 'increment', type: 'uidNumber', values: ['1'] },
        ],
      },
      {
        kind: 'modrdn',
        dn: 'cn=d',
        line: 0,
        controls: [],
        newRdn: 'cn=é',
        deleteOldRdn: true,
        newSuperior: 'o=y',
      },
      { kind: 'modrdn', dn: 'cn=e', line: 0, controls: [], newRdn: 'cn=f', deleteOldRdn: false },
    ];
    expect(writeLdif(records)).toBe(
      ldif(
        'dn: cn=a',
        'control: 1.2.3 true',
        'control: 1.2.4 false: v',
        'control: 1.2.5 true:: AA==',
        'changetype: add',
        'objectClass: top',
        'objectClass: person',
        'cn: a',
        '',
        'dn: cn=b',
        'changetype: delete',
        '',
        'dn: cn=c',
        'changetype: modify',
        'replace: mail',
        'mail: c@x',
        'mail: d@x',
        '-',
        'delete: l',
        '-',
        'increment: uidNumber',
        'uidNumber: 1',
        '-',
        '',
        'dn: cn=d',
        'changetype: modrdn',
        'newrdn:: Y249w6k=',
        'deleteoldrdn: 1',
        'newsuperior: o=y',
        '',
        'dn: cn=e',
        'changetype: modrdn',
        'newrdn: cn=f',
        'deleteoldrdn: 0',
      ),
    );
  });

  it('folds long lines at the width asked, 76 by default, and not at all with 0', () => {
    const record = (value: string): LdifRecord => ({
      kind: 'content',
      dn: 'cn=a',
      line: 0,
      attributes: [{ type: 'cn', values: [value] }],
    });
    expect(writeLdif([record('abcdefghijklmnop')], { foldWidth: 10 })).toBe(
      ldif('dn: cn=a', 'cn: abcdef', ' ghijklmno', ' p'),
    );
    const long = 'x'.repeat(100);
    expect(writeLdif([record(long)])).toBe(ldif('dn: cn=a', `cn: ${'x'.repeat(72)}`, ` ${'x'.repeat(28)}`));
    expect(writeLdif([record(long)], { foldWidth: 0 })).toBe(ldif('dn: cn=a', `cn: ${long}`));
    expect(writeLdif([record('abcdef')], { foldWidth: 10 })).toBe(ldif('dn: cn=a', 'cn: abcdef'));
  });

  it('writes a version line on request, and nothing for no records', () => {
    expect(writeLdif([])).toBe('');
    expect(writeLdif([], { version: true })).toBe(ldif('version: 1', ''));
    expect(writeLdif([{ kind: 'delete', dn: 'cn=a', line: 0, controls: [] }], { version: true })).toBe(
      ldif('version: 1', '', 'dn: cn=a', 'changetype: delete'),
    );
  });

  it('refuses records it cannot write faithfully', () => {
    const content = (type: string, value: LdifValue = 'v'): LdifRecord => ({
      kind: 'content',
      dn: 'cn=a',
      line: 0,
      attributes: [{ type, values: [value] }],
    });
    expect(() => writeLdif([content('c n')])).toThrow(
      'cannot write LDIF record "cn=a": invalid attribute type "c n"',
    );
    expect(() => writeLdif([content('changetype')])).toThrow(
      `cannot write LDIF record "cn=a": 'changetype' cannot name an attribute in LDIF`,
    );
    expect(() => writeLdif([content('cn', 'a\uD800')])).toThrow(
      'cannot write LDIF record "cn=a": value of \'cn\' has a lone UTF-16 surrogate, not encodable as UTF-8',
    );
    expect(() => writeLdif([{ kind: 'content', dn: 'cn=a', line: 0, attributes: [] }])).toThrow(
      'cannot write LDIF record "cn=a": a content record needs an attribute',
    );
    expect(() =>
      writeLdif([
        {
          kind: 'modify',
          dn: 'cn=a',
          line: 0,
          controls: [],
          changes: [{ operation: 'increment', type: 'n', values: ['1', '2'] }],
        },
      ]),
    ).toThrow('cannot write LDIF record "cn=a": \'increment: n\' needs exactly one value');
    expect(() =>
      writeLdif([{ kind: 'delete', dn: 'cn=a', line: 0, controls: [{ oid: 'paged', critical: false }] }]),
    ).toThrow('cannot write LDIF record "cn=a": control OID "paged" is not a numeric OID');
    expect(() =>
      writeLdif([{ kind: 'modrdn', dn: 'cn=a', line: 0, controls: [], newRdn: '', deleteOldRdn: true }]),
    ).toThrow('cannot write LDIF record "cn=a": newRdn is empty');
    expect(() => writeLdif([], { foldWidth: 1 })).toThrow(RangeError);
    expect(() => writeLdif([], { foldWidth: 7.5 })).toThrow(RangeError);
  });
});

describe('helpers', () => {
  it('ldifValueToBuffer gives UTF-8 octets of a string and a Buffer as is', () => {
    expect(ldifValueToBuffer('é')).toEqual(Buffer.from([0xc3, 0xa9]));
    const buffer = Buffer.from([1, 2]);
    expect(ldifValueToBuffer(buffer)).toBe(buffer);
  });

  it('checks attribute descriptions, numeric OIDs and reserved words', () => {
    expect(
      ['cn', 'cn;lang-en;x', 'ms-DS-x1', '2.5.4.3', '2.5.4.3;binary'].every(isLdifAttributeDescription),
    ).toBe(true);
    expect(['', '-cn', 'cn;', '2.5.', '2..5', 'c_n', 'é'].some(isLdifAttributeDescription)).toBe(false);
    expect(isLdifNumericOid('1.2.840.113556.1.4.319')).toBe(true);
    expect(['', '1.', '.1', 'a.b'].some(isLdifNumericOid)).toBe(false);
    expect(['dn', 'ChangeType', 'CONTROL'].every(isLdifReservedType)).toBe(true);
    expect(isLdifReservedType('cn')).toBe(false);
  });
});
