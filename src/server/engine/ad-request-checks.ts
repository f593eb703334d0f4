/**
 * What Samba refuses before any of its directory modules judges the entry a write names, in
 * Samba's order (WriteRules.requestLayer): a modify DN that keeps the old RDN; a value of no
 * octets (ldb's message check); the DN, and a modify DN's new RDN; an unbound session and the root DSE (the rootdse module);
 * then every value of a DN-syntax attribute, which must be a DN — and, added or replacing, name an
 * entry (extended_dn_store) — all before the entry itself is looked up.
 */
import { dnEquals } from '../../core/dn-normalize.js';
import { parseDN } from '../../core/dn-parse.js';
import { LdapResultError } from '../../core/result-code.js';
import { SyntaxOid } from '../../core/syntaxes.js';
import { DirectoryViolation, type Violation, type ViolationContext } from '../directory/violation.js';
import { type AttributeValue, type OperationContext, valueText } from '../operations.js';
import type { Engine } from './engine.js';
import { errorOf } from './refusals.js';
import { parsesAsDN } from './request-dn.js';

export interface AdWriteRequest {
  readonly operation: ViolationContext['operation'];
  readonly dn: string;
  /** An add's attributes or a modify's changes (with their `operation`). */
  readonly values?: readonly {
    readonly type: string;
    readonly values: readonly AttributeValue[];
    readonly operation?: string;
  }[];
  readonly deleteOldRDN?: boolean;
  readonly newRDN?: string;
  readonly newSuperior?: string;
}

/** Throws the profile's answer to the first thing Samba's request layer refuses; nothing for other profiles. */
export function checkAdRequest(engine: Engine, ctx: OperationContext, request: AdWriteRequest): void {
  const rules = engine.profile.writes;
  if (!rules?.requestLayer) return;
  const refuse = (violation: Violation): never => {
    const { code, message, matchedDN } = engine.profile.violation(violation, {
      operation: request.operation,
      dn: request.dn,
    });
    throw new LdapResultError(code, message, matchedDN ?? '');
  };
  const renaming = request.operation === 'modifyDN';
  // The LDAP server first counts the new RDN's components (one it cannot read counts as one).
  const rdns = renaming ? rdnCount(request.newRDN ?? '') : 1;
  if (rdns !== 1) refuse({ kind: 'invalidNewRDN', rdns });
  if (renaming && rules.deleteOldRdnRequired && request.deleteOldRDN === false)
    refuse({ kind: 'oldRdnKept' });
  const empty = request.values?.find((a) => a.values.some((v) => v.length === 0));
  if (empty) refuse({ kind: 'emptyValue', attribute: empty.type });
  const rootDSE = request.dn === '';
  // With no new parent, the new DN's parent is the old DN's: the root DSE and a DN that does not
  // read have none (measured: "" or "not a dn" renamed to "bad" → 32 before "bad" is refused).
  if (renaming && request.newSuperior === undefined && (rootDSE || !parsesAsDN(engine, request.dn)))
    refuse({ kind: 'invalidDN' });
  // The LDAP server then adds the new RDN to the parent, before ldb reads the old DN.
  if (renaming && !singleRdn(request.newRDN ?? '')) refuse({ kind: 'invalidNewRDN' });
  // With a new parent the LDAP server builds the new DN; ldb then finds the old one invalid.
  if (!parsesAsDN(engine, request.dn)) refuse(renaming ? { kind: 'invalidOldDN' } : { kind: 'invalidDN' });
  if (ctx.session.bindDN === '' && engine.profile.anonymousOperations !== 'allowed')
    throw errorOf(engine.profile.anonymousOperations);
  if (rootDSE) refuse(request.operation === 'add' ? { kind: 'addRootDSE' } : { kind: 'rootDSEWrite' });
  checkDNValues(engine, request, refuse);
}

/** Each DN-syntax value a DN (every change); each added or replacing one naming an entry. */
function checkDNValues(engine: Engine, request: AdWriteRequest, refuse: (v: Violation) => never): void {
  const { directory } = engine;
  const dnValued = (request.values ?? []).filter((a) => {
    const type = directory.schema.attributeType(a.type.split(';')[0]!);
    // distinguishedName is the entry's own name: the modify rules refuse it first.
    return type.known && type.syntax === SyntaxOid.distinguishedName && type.name !== 'distinguishedName';
  });
  for (const attribute of dnValued) {
    for (const value of attribute.values.map(valueText)) {
      if (!isDN(value)) refuse({ kind: 'dnValueInvalid', value, syntax: SyntaxOid.distinguishedName });
    }
  }
  const linked = new Set((engine.profile.writes?.linkedAttributes ?? []).map((a) => a.toLowerCase()));
  for (const attribute of dnValued) {
    if (attribute.operation === 'delete' || attribute.operation === 'increment') continue;
    const name = directory.schema.attributeType(attribute.type.split(';')[0]!).name;
    for (const value of attribute.values.map(valueText)) {
      // An add may name the entry it creates: repl_meta_data refuses that later (checkSelfLinks).
      if (directory.get(value) || (request.operation === 'add' && sameDN(value, request.dn))) continue;
      refuse(
        linked.has(name.toLowerCase())
          ? { kind: 'linkTargetMissing', attribute: name }
          : { kind: 'referenceMissing', attribute: name },
      );
    }
  }
}

/** A DN with at least one RDN, as ldb parses one (a blank is none). */
function isDN(value: string): boolean {
  try {
    return parseDN(value).length > 0;
  } catch {
    return false;
  }
}

/** A modify DN's new RDN: one RDN, as the LDAP server takes it before anything else. */
/** How many RDNs the LDAP server counts in a new RDN: one when it does not read as a DN. */
function rdnCount(rdn: string): number {
  try {
    return parseDN(rdn).length;
  } catch {
    return 1;
  }
}

function singleRdn(rdn: string): boolean {
  try {
    return parseDN(rdn).length === 1;
  } catch {
    return false;
  }
}

/**
 * A new entry's DN-syntax value naming the entry itself passes extended_dn_store (the request
 * layer, above) and the modules after it; repl_meta_data then finds no GUID for it (measured:
 * a group added with itself as member or managedBy → 32, after samldb's sAMAccountName checks;
 * a user with itself as member → 32 too: objectclass_attrs judges the attributes an entry's
 * classes allow only once the database added it).
 */
export function checkSelfLinks(
  engine: Engine,
  dn: string,
  attributes: readonly { readonly type: string; readonly values: readonly AttributeValue[] }[],
): void {
  if (!engine.profile.writes?.requestLayer) return;
  const { schema } = engine.directory;
  for (const attribute of attributes) {
    const type = schema.attributeType(attribute.type.split(';')[0]!);
    if (!type.known || type.syntax !== SyntaxOid.distinguishedName || type.name === 'distinguishedName')
      continue;
    const self = attribute.values.map(valueText).find((value) => sameDN(value, dn));
    if (self !== undefined)
      throw new DirectoryViolation({ kind: 'linkTargetUnknown', dn: self, during: 'add' });
  }
}

function sameDN(a: string, b: string): boolean {
  try {
    return dnEquals(a, b);
  } catch {
    return false;
  }
}
