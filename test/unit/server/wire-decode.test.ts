import asn1 from '@ldapjs/asn1';
import { describe, expect, it } from 'vitest';
import { ExtendedOid } from '../../../src/core/extended-operations.js';
import type { Filter } from '../../../src/core/filter-ast.js';
import { PagedResultsOid, PasswordPolicyOid } from '../../../src/server/operations.js';
import { ProtocolDecodeError } from '../../../src/server/wire/ber-input.js';
import { defaultFilterLimits } from '../../../src/server/wire/decode-filter.js';
import {
  type DecodedMessage,
  decodeMessage,
  OperationDecodeError,
} from '../../../src/server/wire/decode-request.js';
import {
  encodeNoticeOfDisconnection,
  encodeResult,
  encodeSearchEntry,
  encodeSearchReference,
} from '../../../src/server/wire/encode-response.js';

const { maxFilterDepth } = defaultFilterLimits;

type Writer = InstanceType<typeof asn1.BerWriter>;
type Reader = InstanceType<typeof asn1.BerReader>;

/** An LDAPMessage: messageID, the protocol operation written by `op`, optional controls. */
function pdu(messageId: number, op: (w: Writer) => void, controls?: (w: Writer) => void): Buffer {
  const w = new asn1.BerWriter();
  w.startSequence(0x30);
  w.writeInt(messageId);
  op(w);
  if (controls) {
    w.startSequence(0xa0);
    controls(w);
    w.endSequence();
  }
  w.endSequence();
  return w.buffer;
}

function sequence(w: Writer, tag: number, body: () => void): void {
  w.startSequence(tag);
  body();
  w.endSequence();
}

interface SearchFields {
  base?: string;
  scope?: number;
  deref?: number;
  sizeLimit?: number;
  timeLimit?: number;
  typesOnly?: boolean;
  attributes?: string[];
}

/** A SearchRequest whose filter is written by `filter`. */
function search(filter: (w: Writer) => void, fields: SearchFields = {}): (w: Writer) => void {
  return (w) =>
    sequence(w, 0x63, () => {
      w.writeString(fields.base ?? 'dc=example,dc=com');
      w.writeEnumeration(fields.scope ?? 2);
      w.writeEnumeration(fields.deref ?? 0);
      w.writeInt(fields.sizeLimit ?? 0);
      w.writeInt(fields.timeLimit ?? 0);
      w.writeBoolean(fields.typesOnly ?? false);
      filter(w);
      sequence(w, 0x30, () => {
        for (const a of fields.attributes ?? []) w.writeString(a);
      });
    });
}

function ava(tag: number, attribute: string, value: string | Buffer): (w: Writer) => void {
  return (w) =>
    sequence(w, tag, () => {
      w.writeString(attribute);
      if (typeof value === 'string') w.writeString(value);
      else w.writeBuffer(value, 0x04);
    });
}

const present =
  (attribute: string) =>
  (w: Writer): void =>
    w.writeString(attribute, 0x87);

function filterOf(message: DecodedMessage): Filter {
  if (message.operation.op !== 'search') throw new Error(`not a search: ${message.operation.op}`);
  return message.operation.request.filter;
}

/** The error decodeMessage throws; fails when it returns. */
function decodeError(buffer: Buffer): unknown {
  try {
    decodeMessage(buffer);
  } catch (error) {
    return error;
  }
  throw new Error('decodeMessage returned for a malformed PDU');
}

/** A NOT chain `depth` filters deep around (x=*), written with definite lengths. */
function notChain(depth: number): (w: Writer) => void {
  return (w) => {
    const open = (level: number): void => {
      if (level === depth) {
        present('x')(w);
        return;
      }
      sequence(w, 0xa2, () => open(level + 1));
    };
    open(1);
  };
}

describe('decodeMessage: bind', () => {
  it('decodes a simple bind exactly', () => {
    const message = decodeMessage(
      pdu(1, (w) =>
        sequence(w, 0x60, () => {
          w.writeInt(3);
          w.writeString('cn=admin,dc=example,dc=com');
          w.writeBuffer(Buffer.from('s3cret'), 0x80);
        }),
      ),
    );
    expect(message).toStrictEqual({
      messageId: 1,
      operation: {
        op: 'bind',
        request: {
          version: 3,
          name: 'cn=admin,dc=example,dc=com',
          method: 'simple',
          password: Buffer.from('s3cret'),
        },
      },
      controls: [],
    });
  });

  it('decodes SASL binds with and without credentials', () => {
    const external = decodeMessage(
      pdu(2, (w) =>
        sequence(w, 0x60, () => {
          w.writeInt(3);
          w.writeString('');
          sequence(w, 0xa3, () => w.writeString('EXTERNAL'));
        }),
      ),
    );
    expect(external.operation).toStrictEqual({
      op: 'bind',
      request: { version: 3, name: '', method: 'sasl', saslMechanism: 'EXTERNAL', password: Buffer.alloc(0) },
    });
    const plain = decodeMessage(
      pdu(3, (w) =>
        sequence(w, 0x60, () => {
          w.writeInt(3);
          w.writeString('');
          sequence(w, 0xa3, () => {
            w.writeString('PLAIN');
            w.writeBuffer(Buffer.from('\0alice\0pw'), 0x04);
          });
        }),
      ),
    );
    expect(plain.operation).toStrictEqual({
      op: 'bind',
      request: {
        version: 3,
        name: '',
        method: 'sasl',
        saslMechanism: 'PLAIN',
        password: Buffer.from('\0alice\0pw'),
      },
    });
  });

  it('refuses an unknown authentication choice with the operation named', () => {
    const error = decodeError(
      pdu(9, (w) =>
        sequence(w, 0x60, () => {
          w.writeInt(3);
          w.writeString('cn=x');
          w.writeBuffer(Buffer.from('x'), 0x81);
        }),
      ),
    );
    expect(error).toBeInstanceOf(OperationDecodeError);
    expect(error).toMatchObject({ messageId: 9, op: 'bind' });
    expect((error as Error).message).toContain('unknown authentication choice 0x81');
  });
});

describe('decodeMessage: search', () => {
  it('decodes every field and a filter of every kind exactly', () => {
    const filter = (w: Writer) =>
      sequence(w, 0xa0, () => {
        ava(0xa3, 'objectClass', 'person')(w);
        sequence(w, 0xa1, () => {
          sequence(w, 0xa4, () => {
            w.writeString('uid');
            sequence(w, 0x30, () => {
              w.writeString('al', 0x80);
              w.writeString('i', 0x81);
              w.writeString('c', 0x81);
              w.writeString('e', 0x82);
            });
          });
          ava(0xa8, 'cn', 'bob')(w);
        });
        sequence(w, 0xa2, () => present('mail')(w));
        ava(0xa5, 'uidNumber', '1000')(w);
        ava(0xa6, 'uidNumber', '2000')(w);
        sequence(w, 0xa9, () => {
          w.writeString('caseExactMatch', 0x81);
          w.writeString('cn', 0x82);
          w.writeString('X', 0x83);
        });
        sequence(w, 0xa9, () => {
          w.writeString('ou', 0x82);
          w.writeString('people', 0x83);
          w.writeBoolean(true, 0x84);
        });
      });
    const message = decodeMessage(
      pdu(
        7,
        search(filter, {
          base: 'ou=People,dc=example,dc=com',
          scope: 1,
          deref: 3,
          sizeLimit: 500,
          timeLimit: 30,
          typesOnly: true,
          attributes: ['cn', '+', '1.1'],
        }),
      ),
    );
    const expected: Filter = {
      type: 'and',
      filters: [
        { type: 'equality', attribute: 'objectClass', value: Buffer.from('person') },
        {
          type: 'or',
          filters: [
            {
              type: 'substrings',
              attribute: 'uid',
              initial: Buffer.from('al'),
              any: [Buffer.from('i'), Buffer.from('c')],
              final: Buffer.from('e'),
            },
            { type: 'approx', attribute: 'cn', value: Buffer.from('bob') },
          ],
        },
        { type: 'not', filter: { type: 'present', attribute: 'mail' } },
        { type: 'greaterOrEqual', attribute: 'uidNumber', value: Buffer.from('1000') },
        { type: 'lessOrEqual', attribute: 'uidNumber', value: Buffer.from('2000') },
        {
          type: 'extensible',
          matchingRule: 'caseExactMatch',
          attribute: 'cn',
          value: Buffer.from('X'),
          dnAttributes: false,
        },
        { type: 'extensible', attribute: 'ou', value: Buffer.from('people'), dnAttributes: true },
      ],
    };
    expect(message).toStrictEqual({
      messageId: 7,
      operation: {
        op: 'search',
        request: {
          baseDN: 'ou=People,dc=example,dc=com',
          scope: 'one',
          derefAliases: 3,
          sizeLimit: 500,
          timeLimit: 30,
          typesOnly: true,
          filter: expected,
          attributes: ['cn', '+', '1.1'],
        },
      },
      controls: [],
    });
  });

  it.each([
    [0, 'base'],
    [1, 'one'],
    [2, 'sub'],
  ])('maps scope %i to %s', (scope, name) => {
    const message = decodeMessage(pdu(1, search(present('objectClass'), { scope })));
    expect(message.operation.op === 'search' && message.operation.request.scope).toBe(name);
  });

  it('keeps assertion values byte-exact: non-UTF-8, NUL, backslash and parentheses', () => {
    const bytes = Buffer.from([0xff, 0x00, 0x5c, 0x28, 0x29, 0x2a, 0xc3]);
    const message = decodeMessage(pdu(1, search(ava(0xa3, 'objectSid', bytes))));
    expect(filterOf(message)).toStrictEqual({ type: 'equality', attribute: 'objectSid', value: bytes });
  });

  it('decodes substrings with only some pieces, and a rule-only extensible match', () => {
    const only = (tags: [number, string][]) =>
      search((w) =>
        sequence(w, 0xa4, () => {
          w.writeString('cn');
          sequence(w, 0x30, () => {
            for (const [tag, text] of tags) w.writeString(text, tag);
          });
        }),
      );
    expect(filterOf(decodeMessage(pdu(1, only([[0x82, 'end']]))))).toStrictEqual({
      type: 'substrings',
      attribute: 'cn',
      any: [],
      final: Buffer.from('end'),
    });
    expect(filterOf(decodeMessage(pdu(1, only([[0x81, 'mid']]))))).toStrictEqual({
      type: 'substrings',
      attribute: 'cn',
      any: [Buffer.from('mid')],
    });
    const ruleOnly = search((w) =>
      sequence(w, 0xa9, () => {
        w.writeString('1.2.840.113556.1.4.803', 0x81);
        w.writeString('2', 0x83);
        w.writeBoolean(false, 0x84);
      }),
    );
    expect(filterOf(decodeMessage(pdu(1, ruleOnly)))).toStrictEqual({
      type: 'extensible',
      matchingRule: '1.2.840.113556.1.4.803',
      value: Buffer.from('2'),
      dnAttributes: false,
    });
  });

  it(`accepts a filter ${maxFilterDepth} levels deep and refuses one level more`, () => {
    const deepest = filterOf(decodeMessage(pdu(1, search(notChain(maxFilterDepth)))));
    let depth = 1;
    for (let f = deepest; f.type === 'not'; f = f.filter) depth++;
    expect(depth).toBe(maxFilterDepth);
    const error = decodeError(pdu(4, search(notChain(maxFilterDepth + 1))));
    expect(error).toBeInstanceOf(OperationDecodeError);
    expect(error).toMatchObject({ messageId: 4, op: 'search' });
    expect((error as Error).message).toContain(`filter nested deeper than ${maxFilterDepth} levels`);
  });

  it('takes the filter limits it is given: depth and encoded size', () => {
    const limits = { maxFilterDepth: 3, maxFilterSize: 100 };
    expect(filterOf(decodeMessage(pdu(1, search(notChain(3))), limits)).type).toBe('not');
    expect(() => decodeMessage(pdu(2, search(notChain(4))), limits)).toThrow(
      'filter nested deeper than 3 levels',
    );
    // cn=x…: 2 header + 4 for cn + 2 header of the value + the value.
    expect(filterOf(decodeMessage(pdu(3, search(ava(0xa3, 'cn', 'x'.repeat(92)))), limits))).toMatchObject({
      type: 'equality',
    });
    expect(() => decodeMessage(pdu(4, search(ava(0xa3, 'cn', 'x'.repeat(93)))), limits)).toThrow(
      'filter of 101 bytes exceeds the limit of 100 bytes',
    );
  });

  it.each<[string, (w: Writer) => void, string]>([
    ['an unknown filter choice', (w) => ava(0xaa, 'cn', 'x')(w), 'unknown filter choice 0xaa'],
    [
      'empty substrings',
      (w) =>
        sequence(w, 0xa4, () => {
          w.writeString('cn');
          sequence(w, 0x30, () => {});
        }),
      'empty substrings filter',
    ],
    [
      'substrings out of order',
      (w) =>
        sequence(w, 0xa4, () => {
          w.writeString('cn');
          sequence(w, 0x30, () => {
            w.writeString('x', 0x81);
            w.writeString('y', 0x80);
          });
        }),
      'substrings out of order',
    ],
    [
      'two finals',
      (w) =>
        sequence(w, 0xa4, () => {
          w.writeString('cn');
          sequence(w, 0x30, () => {
            w.writeString('x', 0x82);
            w.writeString('y', 0x82);
          });
        }),
      'substrings out of order',
    ],
    [
      'NOT of two filters',
      (w) =>
        sequence(w, 0xa2, () => {
          present('a')(w);
          present('b')(w);
        }),
      'NOT filter holds more than one filter',
    ],
    [
      'extensible without value',
      (w) => sequence(w, 0xa9, () => w.writeString('cn', 0x82)),
      'extensible match without matchValue',
    ],
    [
      'extensible without rule and type',
      (w) => sequence(w, 0xa9, () => w.writeString('x', 0x83)),
      'extensible match needs a matching rule or an attribute type',
    ],
    [
      'extensible with elements out of order',
      (w) =>
        sequence(w, 0xa9, () => {
          w.writeString('x', 0x83);
          w.writeString('cn', 0x82);
        }),
      'unexpected element in extensible match',
    ],
  ])('refuses %s as an operation decoding error', (_what, filter, reason) => {
    const error = decodeError(pdu(5, search(filter)));
    expect(error).toBeInstanceOf(OperationDecodeError);
    expect(error).toMatchObject({ messageId: 5, op: 'search' });
    expect((error as Error).message).toContain(reason);
  });

  it('refuses an unknown scope', () => {
    const error = decodeError(pdu(6, search(present('cn'), { scope: 3 })));
    expect(error).toMatchObject({ messageId: 6, op: 'search' });
    expect((error as Error).message).toContain('unknown search scope 3');
  });
});

describe('decodeMessage: updates', () => {
  it('decodes a modify with all four operations', () => {
    const change = (w: Writer, op: number, type: string, values: string[]) =>
      sequence(w, 0x30, () => {
        w.writeEnumeration(op);
        sequence(w, 0x30, () => {
          w.writeString(type);
          sequence(w, 0x31, () => {
            for (const v of values) w.writeString(v);
          });
        });
      });
    const message = decodeMessage(
      pdu(11, (w) =>
        sequence(w, 0x66, () => {
          w.writeString('uid=alice,dc=example,dc=com');
          sequence(w, 0x30, () => {
            change(w, 0, 'mail', ['a@example.com', 'b@example.com']);
            change(w, 1, 'description', []);
            change(w, 2, 'cn', ['Alice']);
            change(w, 3, 'uidNumber', ['1']);
          });
        }),
      ),
    );
    expect(message.operation).toStrictEqual({
      op: 'modify',
      request: {
        dn: 'uid=alice,dc=example,dc=com',
        changes: [
          {
            operation: 'add',
            type: 'mail',
            values: [Buffer.from('a@example.com'), Buffer.from('b@example.com')],
          },
          { operation: 'delete', type: 'description', values: [] },
          { operation: 'replace', type: 'cn', values: [Buffer.from('Alice')] },
          { operation: 'increment', type: 'uidNumber', values: [Buffer.from('1')] },
        ],
      },
    });
  });

  it('refuses an unknown modify operation', () => {
    const error = decodeError(
      pdu(12, (w) =>
        sequence(w, 0x66, () => {
          w.writeString('cn=x');
          sequence(w, 0x30, () =>
            sequence(w, 0x30, () => {
              w.writeEnumeration(4);
              sequence(w, 0x30, () => {
                w.writeString('cn');
                sequence(w, 0x31, () => {});
              });
            }),
          );
        }),
      ),
    );
    expect(error).toMatchObject({ messageId: 12, op: 'modify' });
    expect((error as Error).message).toContain('unknown modify operation 4');
  });

  it('decodes an add with binary values', () => {
    const message = decodeMessage(
      pdu(13, (w) =>
        sequence(w, 0x68, () => {
          w.writeString('cn=photo,dc=example,dc=com');
          sequence(w, 0x30, () => {
            sequence(w, 0x30, () => {
              w.writeString('objectClass');
              sequence(w, 0x31, () => {
                w.writeString('top');
                w.writeString('device');
              });
            });
            sequence(w, 0x30, () => {
              w.writeString('jpegPhoto');
              sequence(w, 0x31, () => w.writeBuffer(Buffer.from([0xff, 0xd8, 0x00]), 0x04));
            });
          });
        }),
      ),
    );
    expect(message.operation).toStrictEqual({
      op: 'add',
      request: {
        dn: 'cn=photo,dc=example,dc=com',
        attributes: [
          { type: 'objectClass', values: [Buffer.from('top'), Buffer.from('device')] },
          { type: 'jpegPhoto', values: [Buffer.from([0xff, 0xd8, 0x00])] },
        ],
      },
    });
  });

  it('decodes delete, modifyDN (with and without newSuperior), compare, abandon and unbind', () => {
    expect(
      decodeMessage(pdu(14, (w) => w.writeString('cn=x,dc=example,dc=com', 0x4a))).operation,
    ).toStrictEqual({
      op: 'delete',
      request: { dn: 'cn=x,dc=example,dc=com' },
    });
    const modifyDN = (superior?: string) => (w: Writer) =>
      sequence(w, 0x6c, () => {
        w.writeString('cn=x,dc=example,dc=com');
        w.writeString('cn=y');
        w.writeBoolean(true);
        if (superior !== undefined) w.writeString(superior, 0x80);
      });
    expect(decodeMessage(pdu(15, modifyDN())).operation).toStrictEqual({
      op: 'modifyDN',
      request: { dn: 'cn=x,dc=example,dc=com', newRDN: 'cn=y', deleteOldRDN: true },
    });
    expect(decodeMessage(pdu(16, modifyDN('ou=Other,dc=example,dc=com'))).operation).toStrictEqual({
      op: 'modifyDN',
      request: {
        dn: 'cn=x,dc=example,dc=com',
        newRDN: 'cn=y',
        deleteOldRDN: true,
        newSuperior: 'ou=Other,dc=example,dc=com',
      },
    });
    const compare = decodeMessage(
      pdu(17, (w) =>
        sequence(w, 0x6e, () => {
          w.writeString('uid=alice,dc=example,dc=com');
          ava(0x30, 'userPassword', Buffer.from([0x00, 0xff]))(w);
        }),
      ),
    );
    expect(compare.operation).toStrictEqual({
      op: 'compare',
      request: {
        dn: 'uid=alice,dc=example,dc=com',
        attribute: 'userPassword',
        value: Buffer.from([0x00, 0xff]),
      },
    });
    expect(decodeMessage(pdu(18, (w) => w.writeInt(17, 0x50))).operation).toStrictEqual({
      op: 'abandon',
      abandonId: 17,
    });
    expect(decodeMessage(pdu(19, (w) => w.writeBuffer(Buffer.alloc(0), 0x42))).operation).toStrictEqual({
      op: 'unbind',
    });
  });
});

describe('decodeMessage: extended operations and controls', () => {
  const extended = (oid: string, value?: Buffer) => (w: Writer) =>
    sequence(w, 0x77, () => {
      w.writeString(oid, 0x80);
      if (value !== undefined) w.writeBuffer(value, 0x81);
    });

  function passwordModifyValue(fields: { user?: string; old?: Buffer; new?: Buffer }): Buffer {
    const w = new asn1.BerWriter();
    sequence(w, 0x30, () => {
      if (fields.user !== undefined) w.writeString(fields.user, 0x80);
      if (fields.old !== undefined) w.writeBuffer(fields.old, 0x81);
      if (fields.new !== undefined) w.writeBuffer(fields.new, 0x82);
    });
    return w.buffer;
  }

  it('decodes Password Modify with all fields', () => {
    const value = passwordModifyValue({
      user: 'uid=alice,dc=example,dc=com',
      old: Buffer.from('old'),
      new: Buffer.from('new'),
    });
    expect(decodeMessage(pdu(20, extended(ExtendedOid.passwordModify, value))).operation).toStrictEqual({
      op: 'extended',
      request: {
        oid: ExtendedOid.passwordModify,
        value,
        passwordModify: {
          userIdentity: 'uid=alice,dc=example,dc=com',
          oldPassword: Buffer.from('old'),
          newPassword: Buffer.from('new'),
        },
      },
    });
  });

  it('decodes Password Modify with only a new password, or with no value', () => {
    const value = passwordModifyValue({ new: Buffer.from('fresh') });
    expect(decodeMessage(pdu(21, extended(ExtendedOid.passwordModify, value))).operation).toStrictEqual({
      op: 'extended',
      request: {
        oid: ExtendedOid.passwordModify,
        value,
        passwordModify: { newPassword: Buffer.from('fresh') },
      },
    });
    expect(decodeMessage(pdu(22, extended(ExtendedOid.passwordModify))).operation).toStrictEqual({
      op: 'extended',
      request: { oid: ExtendedOid.passwordModify },
    });
  });

  it('refuses a malformed Password Modify value as an extended operation error', () => {
    const error = decodeError(
      pdu(23, extended(ExtendedOid.passwordModify, Buffer.from([0x30, 0x03, 0x83, 0x01, 0x00]))),
    );
    expect(error).toMatchObject({ messageId: 23, op: 'extended' });
    expect((error as Error).message).toContain('Password Modify request value');
  });

  it('decodes WhoAmI and StartTLS without value, and keeps an unknown value raw', () => {
    expect(decodeMessage(pdu(24, extended('1.3.6.1.4.1.4203.1.11.3'))).operation).toStrictEqual({
      op: 'extended',
      request: { oid: '1.3.6.1.4.1.4203.1.11.3' },
    });
    expect(decodeMessage(pdu(25, extended('1.2.3.4', Buffer.from([1, 2, 3])))).operation).toStrictEqual({
      op: 'extended',
      request: { oid: '1.2.3.4', value: Buffer.from([1, 2, 3]) },
    });
  });

  it('decodes the paged results control and other controls', () => {
    const pagedValue = (() => {
      const w = new asn1.BerWriter();
      sequence(w, 0x30, () => {
        w.writeInt(250);
        w.writeBuffer(Buffer.from([0xde, 0xad]), 0x04);
      });
      return w.buffer;
    })();
    const message = decodeMessage(
      pdu(26, search(present('objectClass')), (w) => {
        sequence(w, 0x30, () => {
          w.writeString(PagedResultsOid);
          w.writeBoolean(true);
          w.writeBuffer(pagedValue, 0x04);
        });
        sequence(w, 0x30, () => w.writeString('2.16.840.1.113730.3.4.2'));
        sequence(w, 0x30, () => {
          w.writeString('1.2.3');
          w.writeBuffer(Buffer.from('v'), 0x04);
        });
      }),
    );
    expect(message.controls).toStrictEqual([
      {
        oid: PagedResultsOid,
        critical: true,
        value: pagedValue,
        paged: { size: 250, cookie: Buffer.from([0xde, 0xad]) },
      },
      { oid: '2.16.840.1.113730.3.4.2', critical: false },
      { oid: '1.2.3', critical: false, value: Buffer.from('v') },
    ]);
  });

  it('refuses a paged results control without a value, and an extra element in a control', () => {
    const noValue = decodeError(
      pdu(27, search(present('cn')), (w) => sequence(w, 0x30, () => w.writeString(PagedResultsOid))),
    );
    expect(noValue).toMatchObject({ messageId: 27, op: 'search' });
    expect((noValue as Error).message).toContain('paged results control without a value');
    const extra = decodeError(
      pdu(28, search(present('cn')), (w) =>
        sequence(w, 0x30, () => {
          w.writeString('1.2.3');
          w.writeInt(5);
        }),
      ),
    );
    expect((extra as Error).message).toContain('unexpected element in control 1.2.3');
  });
});

describe('decodeMessage: envelope errors', () => {
  it('a PDU that is not an LDAPMessage is a ProtocolDecodeError without an operation', () => {
    const error = decodeError(Buffer.from([0x31, 0x03, 0x02, 0x01, 0x01]));
    expect(error).toBeInstanceOf(ProtocolDecodeError);
    expect(error).not.toBeInstanceOf(OperationDecodeError);
  });

  it('a negative messageID is refused before the operation is read', () => {
    const error = decodeError(pdu(-1, (w) => w.writeString('cn=x', 0x4a)));
    expect(error).toBeInstanceOf(ProtocolDecodeError);
    expect(error).not.toBeInstanceOf(OperationDecodeError);
    expect((error as Error).message).toContain('messageID -1 out of range');
  });

  it('an unknown protocol operation is an OperationDecodeError without op', () => {
    const error = decodeError(pdu(30, (w) => w.writeString('x', 0x61)));
    expect(error).toBeInstanceOf(OperationDecodeError);
    expect(error).toMatchObject({ messageId: 30, op: undefined });
    expect((error as Error).message).toContain('unknown protocol operation 0x61');
  });

  it('an element running past its parent is refused with its position', () => {
    const error = decodeError(Buffer.from([0x30, 0x05, 0x02, 0x01, 0x01, 0x4a, 0x09]));
    expect(error).toBeInstanceOf(ProtocolDecodeError);
    expect((error as Error).message).toMatch(/at byte \d+$/);
  });
});

describe('malformed lengths are decoding errors', () => {
  // Every BerInput read returns a value or throws ProtocolDecodeError, so the operation gets
  // protocolError rather than a "decoding error" disconnect. Regression: @ldapjs/asn1's
  // readLength threw a plain Error for an indefinite length (0x80) or one of more than 4 octets,
  // and readInt / readBoolean a TypeError on a truncated INTEGER / ENUMERATED / BOOLEAN.
  it('an indefinite length inside the operation is an OperationDecodeError', () => {
    // bind request 0x60 with length 0x80
    const error = decodeError(Buffer.from('300702010160800000', 'hex'));
    expect(error).toBeInstanceOf(OperationDecodeError);
    expect(error).toMatchObject({ messageId: 1, op: 'bind' });
  });

  it('a length of five octets inside the operation is an OperationDecodeError', () => {
    const error = decodeError(Buffer.from('3009020101608500000000', 'hex'));
    expect(error).toBeInstanceOf(OperationDecodeError);
    expect(error).toMatchObject({ messageId: 1, op: 'bind' });
  });

  it('a truncated INTEGER (the messageID of the 3-byte PDU 30 01 02) is a ProtocolDecodeError', () => {
    // The framer hands this PDU on as complete; @ldapjs/asn1's readInt threw a TypeError on it.
    expect(decodeError(Buffer.from('300102', 'hex'))).toBeInstanceOf(ProtocolDecodeError);
  });

  it('a truncated BOOLEAN (typesOnly) is an OperationDecodeError', () => {
    // search request whose last element is 01 05 with no content
    const error = decodeError(Buffer.from('3015020101631004000a01000a01000201000201000105', 'hex'));
    expect(error).toBeInstanceOf(OperationDecodeError);
    expect(error).toMatchObject({ messageId: 1, op: 'search' });
  });
});

/** Reads an encoded response back with ldapjs' reader. */
function reader(buffer: Buffer): Reader {
  return new asn1.BerReader(buffer);
}

function readOctets(r: Reader, tag = 0x04): Buffer {
  const value = r.readString(tag, true);
  if (value === null) throw new Error('truncated octet string');
  return Buffer.from(value);
}

/** Message envelope: the messageID and the reader positioned on the protocol operation. */
function openMessage(buffer: Buffer): { r: Reader; messageId: number; end: number } {
  const r = reader(buffer);
  expect(r.readSequence(0x30)).toBe(0x30);
  expect(r.offset + r.length).toBe(buffer.length);
  const end = buffer.length;
  const messageId = r.readInt()!;
  return { r, messageId, end };
}

describe('encodeResult', () => {
  it.each([
    ['bind', 0x61],
    ['search', 0x65],
    ['modify', 0x67],
    ['add', 0x69],
    ['delete', 0x6b],
    ['modifyDN', 0x6d],
    ['compare', 0x6f],
    ['extended', 0x78],
  ] as const)('writes the %s response with its own tag (%i)', (op, tag) => {
    const buffer = encodeResult(42, op, {
      code: 32,
      matchedDN: 'dc=example,dc=com',
      diagnosticMessage: 'nope',
    });
    const { r, messageId } = openMessage(buffer);
    expect(messageId).toBe(42);
    expect(r.readSequence(tag)).toBe(tag);
    expect(r.offset + r.length).toBe(buffer.length);
    expect(r.readInt(0x0a)).toBe(32);
    expect(r.readString()).toBe('dc=example,dc=com');
    expect(r.readString()).toBe('nope');
    expect(r.offset).toBe(buffer.length);
  });

  it('writes empty matchedDN and diagnosticMessage by default, and referrals', () => {
    const plain = encodeResult(1, 'delete', { code: 0 });
    expect(plain).toStrictEqual(Buffer.from('300c020101' + '6b07' + '0a0100' + '0400' + '0400', 'hex'));
    const buffer = encodeResult(2, 'search', { code: 10, referrals: ['ldap://a/', 'ldap://b/'] });
    const { r } = openMessage(buffer);
    r.readSequence(0x65);
    expect(r.readInt(0x0a)).toBe(10);
    expect(r.readString()).toBe('');
    expect(r.readString()).toBe('');
    r.readSequence(0xa3);
    expect(r.readString()).toBe('ldap://a/');
    expect(r.readString()).toBe('ldap://b/');
    expect(r.offset).toBe(buffer.length);
  });

  it('writes responseName and responseValue of an extended result', () => {
    const value = Buffer.from([0x00, 0xff, 0x10]);
    const buffer = encodeResult(3, 'extended', { code: 0, responseName: '1.2.3', responseValue: value });
    const { r } = openMessage(buffer);
    r.readSequence(0x78);
    r.readInt(0x0a);
    r.readString();
    r.readString();
    expect(r.readString(0x8a)).toBe('1.2.3');
    expect(readOctets(r, 0x8b)).toStrictEqual(value);
    expect(r.offset).toBe(buffer.length);
  });

  it('writes the paged results response control', () => {
    const cookie = Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]);
    const buffer = encodeResult(4, 'search', {
      code: 0,
      controls: [{ type: 'paged', value: { size: 0, cookie } }],
    });
    const { r } = openMessage(buffer);
    r.readSequence(0x65);
    r.readInt(0x0a);
    r.readString();
    r.readString();
    r.readSequence(0xa0);
    r.readSequence(0x30);
    expect(r.readString()).toBe(PagedResultsOid);
    const value = reader(readOctets(r));
    expect(r.offset).toBe(buffer.length);
    value.readSequence(0x30);
    expect(value.readInt()).toBe(0);
    expect(readOctets(value)).toStrictEqual(cookie);
  });

  it('writes the password policy response control: warning and error', () => {
    const buffer = encodeResult(5, 'bind', {
      code: 49,
      controls: [
        { type: 'passwordPolicy', error: 'accountLocked' },
        { type: 'passwordPolicy', timeBeforeExpiration: 3600 },
        { type: 'passwordPolicy', graceAuthNsRemaining: 2, error: 'passwordExpired' },
      ],
    });
    const { r } = openMessage(buffer);
    r.readSequence(0x61);
    r.readInt(0x0a);
    r.readString();
    r.readString();
    r.readSequence(0xa0);
    const values: Reader[] = [];
    for (let i = 0; i < 3; i++) {
      r.readSequence(0x30);
      expect(r.readString()).toBe(PasswordPolicyOid);
      values.push(reader(readOctets(r)));
    }
    expect(r.offset).toBe(buffer.length);
    const [locked, warning, grace] = values as [Reader, Reader, Reader];
    locked.readSequence(0x30);
    expect(locked.readInt(0x81)).toBe(1);
    warning.readSequence(0x30);
    warning.readSequence(0xa0);
    expect(warning.readInt(0x80)).toBe(3600);
    grace.readSequence(0x30);
    grace.readSequence(0xa0);
    expect(grace.readInt(0x81)).toBe(2);
    expect(grace.readInt(0x81)).toBe(0);
  });

  it('writes the notice of disconnection as an unsolicited extended response', () => {
    const buffer = encodeNoticeOfDisconnection(2, 'decoding error');
    const { r, messageId } = openMessage(buffer);
    expect(messageId).toBe(0);
    r.readSequence(0x78);
    expect(r.readInt(0x0a)).toBe(2);
    expect(r.readString()).toBe('');
    expect(r.readString()).toBe('decoding error');
    expect(r.readString(0x8a)).toBe('1.3.6.1.4.1.1466.20036');
    expect(r.offset).toBe(buffer.length);
  });
});

describe('encodeSearchEntry and encodeSearchReference', () => {
  const entry = {
    dn: 'UID=Alice,ou=People,dc=example,dc=com',
    attributes: [
      { type: 'cn', values: ['Alice Liddell', 'café 😀'] },
      { type: 'objectSid', values: [Buffer.from([0x01, 0x00, 0xff, 0x80])] },
      { type: 'description', values: ['x'.repeat(300)] },
      { type: 'jpegPhoto', values: [Buffer.alloc(70_000, 0xab)] },
    ],
  };

  function readEntry(buffer: Buffer): { dn: string; attributes: { type: string; values: Buffer[] }[] } {
    const { r } = openMessage(buffer);
    r.readSequence(0x64);
    expect(r.offset + r.length).toBe(buffer.length);
    const dn = r.readString()!;
    r.readSequence(0x30);
    const listEnd = r.offset + r.length;
    const attributes: { type: string; values: Buffer[] }[] = [];
    while (r.offset < listEnd) {
      r.readSequence(0x30);
      const type = r.readString()!;
      r.readSequence(0x31);
      const valuesEnd = r.offset + r.length;
      const values: Buffer[] = [];
      while (r.offset < valuesEnd) values.push(readOctets(r));
      attributes.push({ type, values });
    }
    expect(r.offset).toBe(buffer.length);
    return { dn, attributes };
  }

  it('writes the stored DN and every value byte-exact, long values included', () => {
    const decoded = readEntry(encodeSearchEntry(9, entry));
    expect(decoded).toStrictEqual({
      dn: 'UID=Alice,ou=People,dc=example,dc=com',
      attributes: [
        { type: 'cn', values: [Buffer.from('Alice Liddell'), Buffer.from('café 😀', 'utf8')] },
        { type: 'objectSid', values: [Buffer.from([0x01, 0x00, 0xff, 0x80])] },
        { type: 'description', values: [Buffer.from('x'.repeat(300))] },
        { type: 'jpegPhoto', values: [Buffer.alloc(70_000, 0xab)] },
      ],
    });
  });

  it('writes an attribute without values as an empty value set (how typesOnly answers go out)', () => {
    const typesOnly = { ...entry, attributes: entry.attributes.map((a) => ({ type: a.type, values: [] })) };
    const decoded = readEntry(encodeSearchEntry(9, typesOnly));
    expect(decoded.attributes).toStrictEqual(typesOnly.attributes);
  });

  it('writes a DN with escapes exactly as given', () => {
    const dn = 'cn=Smith\\, John+uid=js,dc=example,dc=com';
    expect(readEntry(encodeSearchEntry(1, { dn, attributes: [] })).dn).toBe(dn);
  });

  it('writes a search reference with its URIs', () => {
    const buffer = encodeSearchReference(10, ['ldap://a/dc=x', 'ldap://b/dc=y']);
    const { r, messageId } = openMessage(buffer);
    expect(messageId).toBe(10);
    r.readSequence(0x73);
    expect(r.readString()).toBe('ldap://a/dc=x');
    expect(r.readString()).toBe('ldap://b/dc=y');
    expect(r.offset).toBe(buffer.length);
  });

  it('an encoded response frames as one PDU', () => {
    const buffer = encodeSearchEntry(2 ** 31 - 1, entry);
    const { messageId } = openMessage(buffer);
    expect(messageId).toBe(2 ** 31 - 1);
  });
});
