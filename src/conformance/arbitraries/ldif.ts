/**
 * fast-check arbitraries for LDIF records (RFC 2849), with the values that trip LDIF writers and
 * readers: binary octets, leading and trailing spaces, values starting with ':' or '<', NUL, CR,
 * LF, non-ASCII and astral characters, and values long enough to be folded.
 * Generated records have `line: 0` (not read from a file).
 */
import fc from 'fast-check';
import type { LdifAttribute, LdifControl, LdifModification, LdifRecord, LdifValue } from '../../core/ldif.js';

const RESERVED_TYPES = new Set(['dn', 'changetype', 'control']);

/** An RFC 2849 AttributeDescription: a name or numeric OID, with optional `;options`. */
export function ldifAttributeType(): fc.Arbitrary<string> {
  const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,11}$/);
  const oid = fc.array(fc.nat(9999), { minLength: 1, maxLength: 6 }).map((arcs) => arcs.join('.'));
  const option = fc.stringMatching(/^[A-Za-z0-9-]{1,8}$/);
  return fc
    .tuple(
      fc.oneof({ weight: 4, arbitrary: name }, { weight: 1, arbitrary: oid }),
      fc.array(option, { maxLength: 2 }),
    )
    .map(([base, options]) => [base, ...options].join(';'))
    .filter((type) => !RESERVED_TYPES.has(type.toLowerCase()));
}

/** Characters that need care in LDIF, mixed with ordinary ones. */
const TRICKY_CHARACTERS = [
  ' ',
  ':',
  '<',
  '#',
  '-',
  '=',
  ',',
  '\0',
  '\n',
  '\r',
  '\t',
  'a',
  'Z',
  '9',
  'é',
  '€',
  '😀',
];

/** Text (well-formed UTF-16) that an LDIF writer must handle: any of the cases in the module doc. */
export function ldifHostileText(): fc.Arbitrary<string> {
  const ascii = fc.string({ maxLength: 30 });
  return fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    ascii,
    fc
      .tuple(
        fc.constantFrom(' ', ':', '<', '  ', '::', ':<', '# ', '-'),
        ascii,
        fc.constantFrom('', ' ', '  '),
      )
      .map(([head, body, tail]) => head + body + tail),
    fc.array(fc.constantFrom(...TRICKY_CHARACTERS), { maxLength: 30 }).map((chars) => chars.join('')),
    fc.string({ minLength: 70, maxLength: 300 }),
    fc.string({ unit: 'binary', minLength: 70, maxLength: 200 }),
  );
}

/** Octets, some of them safe ASCII text (which a writer may write plain) and some binary. */
export function ldifBinaryValue(): fc.Arbitrary<Buffer> {
  return fc
    .oneof(
      fc.uint8Array({ maxLength: 64 }),
      fc.uint8Array({ minLength: 80, maxLength: 400 }),
      fc.string({ maxLength: 40 }).map((text) => new TextEncoder().encode(text)),
    )
    .map((octets) => Buffer.from(octets));
}

/** A plain or binary attribute value. */
export function ldifValue(): fc.Arbitrary<LdifValue> {
  return fc.oneof({ weight: 3, arbitrary: ldifHostileText() }, { weight: 1, arbitrary: ldifBinaryValue() });
}

/** A DN string; LDIF does not check DN syntax, so hostile text is fair game next to ordinary DNs. */
export function ldifDn(): fc.Arbitrary<string> {
  return fc.oneof(
    ldifHostileText(),
    ldifHostileText().map((value) => `cn=${value},ou=people,dc=example,dc=com`),
  );
}

export function ldifControl(): fc.Arbitrary<LdifControl> {
  const oid = fc.array(fc.nat(99999), { minLength: 2, maxLength: 9 }).map((arcs) => arcs.join('.'));
  return fc
    .tuple(oid, fc.boolean(), fc.option(ldifValue(), { nil: undefined }))
    .map(([controlOid, critical, value]) =>
      value === undefined ? { oid: controlOid, critical } : { oid: controlOid, critical, value },
    );
}

function attributes(): fc.Arbitrary<LdifAttribute[]> {
  const attribute = fc
    .tuple(ldifAttributeType(), fc.array(ldifValue(), { minLength: 1, maxLength: 4 }))
    .map(([type, values]): LdifAttribute => ({ type, values }));
  // The reader groups lines by type case-insensitively, so generated types are distinct that way.
  return fc.uniqueArray(attribute, { selector: (a) => a.type.toLowerCase(), minLength: 1, maxLength: 6 });
}

function modification(): fc.Arbitrary<LdifModification> {
  return fc.oneof(
    fc
      .tuple(
        fc.constantFrom('add', 'delete', 'replace'),
        ldifAttributeType(),
        fc.array(ldifValue(), { maxLength: 3 }),
      )
      .map(([operation, type, values]): LdifModification => ({ operation, type, values })),
    // RFC 4525: increment carries exactly one value.
    fc
      .tuple(ldifAttributeType(), fc.integer().map(String))
      .map(([type, delta]): LdifModification => ({ operation: 'increment', type, values: [delta] })),
  );
}

/** Any LDIF record: content, add, delete, modify or modrdn, with hostile DNs and values. */
export function ldifRecord(): fc.Arbitrary<LdifRecord> {
  const controls = fc.array(ldifControl(), { maxLength: 2 });
  const content = fc
    .tuple(ldifDn(), attributes())
    .map(([dn, attrs]): LdifRecord => ({ kind: 'content', dn, line: 0, attributes: attrs }));
  const add = fc
    .tuple(ldifDn(), controls, attributes())
    .map(
      ([dn, ctrls, attrs]): LdifRecord => ({ kind: 'add', dn, line: 0, controls: ctrls, attributes: attrs }),
    );
  const del = fc
    .tuple(ldifDn(), controls)
    .map(([dn, ctrls]): LdifRecord => ({ kind: 'delete', dn, line: 0, controls: ctrls }));
  const modify = fc
    .tuple(ldifDn(), controls, fc.array(modification(), { maxLength: 4 }))
    .map(([dn, ctrls, changes]): LdifRecord => ({ kind: 'modify', dn, line: 0, controls: ctrls, changes }));
  const modrdn = fc
    .tuple(
      ldifDn(),
      controls,
      ldifHostileText().filter((rdn) => rdn !== ''),
      fc.boolean(),
      fc.option(ldifDn(), { nil: undefined }),
    )
    .map(([dn, ctrls, newRdn, deleteOldRdn, newSuperior]): LdifRecord => {
      const record = { kind: 'modrdn', dn, line: 0, controls: ctrls, newRdn, deleteOldRdn } as const;
      return newSuperior === undefined ? record : { ...record, newSuperior };
    });
  return fc.oneof(content, add, del, modify, modrdn);
}

/** A list of records, as one LDIF file would hold. */
export function ldifRecords(maxLength = 8): fc.Arbitrary<LdifRecord[]> {
  return fc.array(ldifRecord(), { maxLength });
}
