/**
 * Generated LDAP requests for the wire tests: valid PDUs written with ldapjs' BER writer,
 * independently of the decoder under test, and hostile bytes built from them (random, damaged,
 * wrongly framed, nested). Shared by the decoder's property tests and the server fuzzing.
 */
import asn1 from '@ldapjs/asn1';
import fc, { type Arbitrary } from 'fast-check';
import { filterAst } from '../../src/conformance/arbitraries/filter.js';
import { ExtendedOid } from '../../src/core/extended-operations.js';
import type { Filter } from '../../src/core/filter-ast.js';
import { PagedResultsOid } from '../../src/server/operations.js';
import type { DecodedMessage } from '../../src/server/wire/decode-request.js';

type Writer = InstanceType<typeof asn1.BerWriter>;

// ---------------------------------------------------------------------------------------------
// Encoding requests (the client side), independently of the decoder under test.

function sequence(w: Writer, tag: number, body: () => void): void {
  w.startSequence(tag);
  body();
  w.endSequence();
}

function writeFilter(w: Writer, f: Filter): void {
  switch (f.type) {
    case 'and':
    case 'or':
      sequence(w, f.type === 'and' ? 0xa0 : 0xa1, () => {
        for (const child of f.filters) writeFilter(w, child);
      });
      return;
    case 'not':
      sequence(w, 0xa2, () => writeFilter(w, f.filter));
      return;
    case 'equality':
    case 'greaterOrEqual':
    case 'lessOrEqual':
    case 'approx': {
      const tag = { equality: 0xa3, greaterOrEqual: 0xa5, lessOrEqual: 0xa6, approx: 0xa8 }[f.type];
      sequence(w, tag, () => {
        w.writeString(f.attribute);
        w.writeBuffer(f.value, 0x04);
      });
      return;
    }
    case 'present':
      w.writeString(f.attribute, 0x87);
      return;
    case 'substrings':
      sequence(w, 0xa4, () => {
        w.writeString(f.attribute);
        sequence(w, 0x30, () => {
          if (f.initial !== undefined) w.writeBuffer(f.initial, 0x80);
          for (const piece of f.any) w.writeBuffer(piece, 0x81);
          if (f.final !== undefined) w.writeBuffer(f.final, 0x82);
        });
      });
      return;
    case 'extensible':
      sequence(w, 0xa9, () => {
        if (f.matchingRule !== undefined) w.writeString(f.matchingRule, 0x81);
        if (f.attribute !== undefined) w.writeString(f.attribute, 0x82);
        w.writeBuffer(f.value, 0x83);
        if (f.dnAttributes) w.writeBoolean(true, 0x84);
      });
      return;
  }
}

/** A request as the test generates it, with what decodeMessage must give back for it. */
export interface GeneratedPdu {
  readonly bytes: Buffer;
  readonly expected: DecodedMessage;
}

const text = fc.string({ unit: 'grapheme', maxLength: 24 });
const octets = fc.uint8Array({ maxLength: 24 }).map((a) => Buffer.from(a));
const messageId = fc.integer({ min: 0, max: 2 ** 31 - 1 });
const attributeName = fc.constantFrom(
  'cn',
  'uid',
  'mail',
  'objectClass',
  'userPassword',
  'member',
  '2.5.4.3',
);

type Operation = DecodedMessage['operation'];

interface GeneratedOperation {
  readonly write: (w: Writer) => void;
  readonly operation: Operation;
}

const bind: Arbitrary<GeneratedOperation> = fc
  .record({ version: fc.integer({ min: 1, max: 127 }), name: text, password: octets })
  .map(({ version, name, password }) => ({
    write: (w) =>
      sequence(w, 0x60, () => {
        w.writeInt(version);
        w.writeString(name);
        w.writeBuffer(password, 0x80);
      }),
    operation: { op: 'bind', request: { version, name, method: 'simple', password } },
  }));

const search: Arbitrary<GeneratedOperation> = fc
  .record({
    baseDN: text,
    scope: fc.constantFrom('base', 'one', 'sub'),
    derefAliases: fc.integer({ min: 0, max: 3 }),
    sizeLimit: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    timeLimit: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    typesOnly: fc.boolean(),
    filter: filterAst({ maxDepth: 4 }),
    attributes: fc.array(text, { maxLength: 4 }),
  })
  .map((fields) => ({ ...fields }))
  .map((request) => ({
    write: (w) =>
      sequence(w, 0x63, () => {
        w.writeString(request.baseDN);
        w.writeEnumeration(['base', 'one', 'sub'].indexOf(request.scope));
        w.writeEnumeration(request.derefAliases);
        w.writeInt(request.sizeLimit);
        w.writeInt(request.timeLimit);
        w.writeBoolean(request.typesOnly);
        writeFilter(w, request.filter);
        sequence(w, 0x30, () => {
          for (const a of request.attributes) w.writeString(a);
        });
      }),
    operation: { op: 'search', request },
  }));

const modify: Arbitrary<GeneratedOperation> = fc
  .record({
    dn: text,
    changes: fc.array(
      fc.record({
        operation: fc.constantFrom('add', 'delete', 'replace', 'increment'),
        type: attributeName,
        values: fc.array(octets, { maxLength: 3 }),
      }),
      { maxLength: 4 },
    ),
  })
  .map(({ dn, changes }) => ({ dn, changes: changes.map((c) => ({ ...c })) }))
  .map((request) => ({
    write: (w) =>
      sequence(w, 0x66, () => {
        w.writeString(request.dn);
        sequence(w, 0x30, () => {
          for (const change of request.changes) {
            sequence(w, 0x30, () => {
              w.writeEnumeration(['add', 'delete', 'replace', 'increment'].indexOf(change.operation));
              sequence(w, 0x30, () => {
                w.writeString(change.type);
                sequence(w, 0x31, () => {
                  for (const v of change.values) w.writeBuffer(v, 0x04);
                });
              });
            });
          }
        });
      }),
    operation: { op: 'modify', request },
  }));

const add: Arbitrary<GeneratedOperation> = fc
  .record({
    dn: text,
    attributes: fc.array(fc.record({ type: attributeName, values: fc.array(octets, { maxLength: 3 }) }), {
      maxLength: 4,
    }),
  })
  .map(({ dn, attributes }) => ({ dn, attributes: attributes.map((a) => ({ ...a })) }))
  .map((request) => ({
    write: (w) =>
      sequence(w, 0x68, () => {
        w.writeString(request.dn);
        sequence(w, 0x30, () => {
          for (const attribute of request.attributes) {
            sequence(w, 0x30, () => {
              w.writeString(attribute.type);
              sequence(w, 0x31, () => {
                for (const v of attribute.values) w.writeBuffer(v, 0x04);
              });
            });
          }
        });
      }),
    operation: { op: 'add', request },
  }));

const modifyDN: Arbitrary<GeneratedOperation> = fc
  .record({
    dn: text,
    newRDN: text,
    deleteOldRDN: fc.boolean(),
    newSuperior: fc.option(text, { nil: undefined }),
  })
  .map(({ dn, newRDN, deleteOldRDN, newSuperior }) => ({
    write: (w) =>
      sequence(w, 0x6c, () => {
        w.writeString(dn);
        w.writeString(newRDN);
        w.writeBoolean(deleteOldRDN);
        if (newSuperior !== undefined) w.writeString(newSuperior, 0x80);
      }),
    operation: {
      op: 'modifyDN',
      request: { dn, newRDN, deleteOldRDN, ...(newSuperior !== undefined && { newSuperior }) },
    },
  }));

const compare: Arbitrary<GeneratedOperation> = fc
  .record({ dn: text, attribute: attributeName, value: octets })
  .map((fields) => ({ ...fields }))
  .map((request) => ({
    write: (w) =>
      sequence(w, 0x6e, () => {
        w.writeString(request.dn);
        sequence(w, 0x30, () => {
          w.writeString(request.attribute);
          w.writeBuffer(request.value, 0x04);
        });
      }),
    operation: { op: 'compare', request },
  }));

const passwordModify: Arbitrary<GeneratedOperation> = fc
  .record({
    userIdentity: fc.option(text, { nil: undefined }),
    oldPassword: fc.option(octets, { nil: undefined }),
    newPassword: fc.option(octets, { nil: undefined }),
  })
  .map((fields) => {
    const v = new asn1.BerWriter();
    sequence(v, 0x30, () => {
      if (fields.userIdentity !== undefined) v.writeString(fields.userIdentity, 0x80);
      if (fields.oldPassword !== undefined) v.writeBuffer(fields.oldPassword, 0x81);
      if (fields.newPassword !== undefined) v.writeBuffer(fields.newPassword, 0x82);
    });
    const value = v.buffer;
    const passwordModify = {
      ...(fields.userIdentity !== undefined && { userIdentity: fields.userIdentity }),
      ...(fields.oldPassword !== undefined && { oldPassword: fields.oldPassword }),
      ...(fields.newPassword !== undefined && { newPassword: fields.newPassword }),
    };
    return {
      write: (w: Writer) =>
        sequence(w, 0x77, () => {
          w.writeString(ExtendedOid.passwordModify, 0x80);
          w.writeBuffer(value, 0x81);
        }),
      operation: { op: 'extended', request: { oid: ExtendedOid.passwordModify, value, passwordModify } },
    };
  });

const simpleOperations: Arbitrary<GeneratedOperation> = fc.oneof(
  text.map((dn) => ({
    write: (w: Writer) => w.writeString(dn, 0x4a),
    operation: { op: 'delete', request: { dn } } as Operation,
  })),
  fc.integer({ min: 0, max: 2 ** 31 - 1 }).map((abandonId) => ({
    write: (w: Writer) => w.writeInt(abandonId, 0x50),
    operation: { op: 'abandon', abandonId } as Operation,
  })),
  fc.constant({
    write: (w: Writer) => w.writeBuffer(Buffer.alloc(0), 0x42),
    operation: { op: 'unbind' } as Operation,
  }),
);

const anyOperation = fc.oneof(bind, search, modify, add, modifyDN, compare, passwordModify, simpleOperations);

interface GeneratedControl {
  readonly write: (w: Writer) => void;
  readonly control: DecodedMessage['controls'][number];
}

const control: Arbitrary<GeneratedControl> = fc.oneof(
  fc
    .record({ critical: fc.boolean(), size: fc.integer({ min: 0, max: 2 ** 31 - 1 }), cookie: octets })
    .map(({ critical, size, cookie }) => {
      const v = new asn1.BerWriter();
      sequence(v, 0x30, () => {
        v.writeInt(size);
        v.writeBuffer(cookie, 0x04);
      });
      const value = v.buffer;
      return {
        write: (w: Writer) =>
          sequence(w, 0x30, () => {
            w.writeString(PagedResultsOid);
            w.writeBoolean(critical);
            w.writeBuffer(value, 0x04);
          }),
        control: { oid: PagedResultsOid, critical, value, paged: { size, cookie } },
      };
    }),
  fc
    .record({
      oid: fc.constantFrom('1.2.3', '2.16.840.1.113730.3.4.2'),
      value: fc.option(octets, { nil: undefined }),
    })
    .map(({ oid, value }) => ({
      write: (w: Writer) =>
        sequence(w, 0x30, () => {
          w.writeString(oid);
          if (value !== undefined) w.writeBuffer(value, 0x04);
        }),
      control: { oid, critical: false, ...(value !== undefined && { value }) },
    })),
);

export const validPdu: Arbitrary<GeneratedPdu> = fc
  .record({
    messageId,
    operation: anyOperation,
    controls: fc.option(fc.array(control, { maxLength: 3 }), { nil: undefined }),
  })
  .map(({ messageId: id, operation, controls }) => {
    const w = new asn1.BerWriter();
    sequence(w, 0x30, () => {
      w.writeInt(id);
      operation.write(w);
      if (controls !== undefined) {
        sequence(w, 0xa0, () => {
          for (const c of controls) c.write(w);
        });
      }
    });
    return {
      bytes: w.buffer,
      expected: {
        messageId: id,
        operation: operation.operation,
        controls: (controls ?? []).map((c) => c.control),
      },
    };
  });

// ---------------------------------------------------------------------------------------------
// BER by hand, for inputs the writer cannot produce.

export function berLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), berLength(content.length), content]);
}

/** The content octets of the outer SEQUENCE of a PDU written with definite lengths. */
function outerContent(pdu: Buffer): Buffer {
  const first = pdu[1]!;
  const header = first < 0x80 ? 2 : 2 + (first & 0x7f);
  return pdu.subarray(header);
}

/** `depth` nested constructed filters of `tag` around (x=*), built in linear time. */
export function nestedFilter(tag: number, depth: number): Buffer {
  const inner = Buffer.from([0x87, 0x01, 0x78]);
  const headers: Buffer[] = [];
  let length = inner.length;
  for (let level = 1; level < depth; level++) {
    const header = Buffer.concat([Buffer.from([tag]), berLength(length)]);
    headers.push(header);
    length += header.length;
  }
  return Buffer.concat([...headers.reverse(), inner]);
}

export function searchWithFilter(filter: Buffer): Buffer {
  const request = tlv(
    0x63,
    Buffer.concat([
      Buffer.from('0400' + '0a0102' + '0a0100' + '020100' + '020100' + '010100', 'hex'),
      filter,
      Buffer.from('3000', 'hex'),
    ]),
  );
  return tlv(0x30, Buffer.concat([Buffer.from('020101', 'hex'), request]));
}

// ---------------------------------------------------------------------------------------------
// Hostile input generators.

/** Bytes that look more and more like an LDAPMessage, so the decoder gets past the first checks. */
export const hostileBytes: Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }).map((content) => new Uint8Array(tlv(0x30, Buffer.from(content)))),
  fc
    .tuple(
      fc.constantFrom(0x60, 0x42, 0x63, 0x66, 0x68, 0x4a, 0x6c, 0x6e, 0x50, 0x77),
      fc.uint8Array({ maxLength: 200 }),
      fc.option(fc.uint8Array({ maxLength: 60 }), { nil: undefined }),
    )
    .map(([tag, op, controls]) => {
      const parts = [Buffer.from('020107', 'hex'), tlv(tag, Buffer.from(op))];
      if (controls) parts.push(tlv(0xa0, Buffer.from(controls)));
      return new Uint8Array(tlv(0x30, Buffer.concat(parts)));
    }),
);

type Mutation =
  | { kind: 'replace'; at: number; byte: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'remove'; at: number; count: number }
  | { kind: 'truncate'; at: number };

const mutation: Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({
    kind: fc.constant('replace' as const),
    at: fc.nat(),
    byte: fc.constantFrom(0x00, 0x7f, 0x80, 0x81, 0x84, 0x85, 0xff),
  }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 6 }),
  }),
  fc.record({ kind: fc.constant('remove' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

function mutate(content: Buffer, m: Mutation): Buffer {
  const at = content.length === 0 ? 0 : m.at % content.length;
  switch (m.kind) {
    case 'replace': {
      const copy = Buffer.from(content);
      if (copy.length > 0) copy[at] = m.byte;
      return copy;
    }
    case 'insert':
      return Buffer.concat([content.subarray(0, at), Buffer.from(m.bytes), content.subarray(at)]);
    case 'remove':
      return Buffer.concat([content.subarray(0, at), content.subarray(at + m.count)]);
    case 'truncate':
      return content.subarray(0, at);
  }
}

/**
 * A valid PDU damaged inside: the mutations apply to the content of the outer SEQUENCE, which
 * is then re-wrapped with its true length (so the damage reaches the inner decoders, as it
 * would through the framer), or, with `keepOuterLength`, left with its now wrong length.
 */
export const corruptedPdu: Arbitrary<Uint8Array> = fc
  .tuple(validPdu, fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.boolean())
  .map(([pdu, mutations, keepOuterLength]) => {
    if (keepOuterLength) return new Uint8Array(mutations.reduce(mutate, pdu.bytes));
    return new Uint8Array(tlv(0x30, mutations.reduce(mutate, outerContent(pdu.bytes))));
  });
