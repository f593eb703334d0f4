/**
 * AD's write rules (Profile.writes), in the order Samba 4.17's modules apply them after its request
 * layer (ad-request-checks.ts): objectclass (the parent, the classes, the RDN attribute, where the
 * class may live), acl (who may write), samldb (sAMAccountName, userAccountControl, well-known
 * accounts), objectclass_attrs (the attributes), then the database. Measured against Samba
 * (test/interop/probes-ad/write-probes.ts, the generated differential run).
 */
import { formatDN } from '../../core/dn-format.js';
import { parseDN, type RDN } from '../../core/dn-parse.js';
import { decodeGuid } from '../../core/guid.js';
import type { DirectoryChange } from '../directory/directory-changes.js';
import type { Entry } from '../directory/entry.js';
import { DirectoryViolation } from '../directory/violation.js';
import {
  type AttributeValue,
  type ModifyDNRequest,
  type OperationContext,
  valueText,
} from '../operations.js';
import type { WriteRules } from '../profiles/profile.js';
import { accountControlChanges, checkAccountChanges, checkAccountName } from './ad-account-checks.js';
import type { Engine } from './engine.js';
import { errorOf } from './refusals.js';
import { parentOf, parsesAsDN } from './request-dn.js';

type Attributes = readonly { readonly type: string; readonly values: readonly AttributeValue[] }[];

/** systemFlags FLAG_DISALLOW_DELETE (MS-ADTS 2.2.10). */
const DISALLOW_DELETE = 0x80000000;
/** Below this RID an account is one the domain was made with (DSDB_SAMDB_MINIMUM_ALLOWED_RID). */
const FIRST_FREE_RID = 1000;

/**
 * An add, before the directory judges the entry: the RDN (one assertion, a value), the parent, then
 * under schema checking the object classes, the RDN attribute and the parent's class; access;
 * sAMAccountName; attribute types; attributes only the server writes.
 */
export function checkAddRules(
  engine: Engine,
  ctx: OperationContext,
  dn: string,
  attributes: Attributes,
): void {
  const rules = engine.profile.writes;
  if (!rules) return;
  const { directory } = engine;
  const rdns = parseDN(dn);
  if (rdns.length === 0) return; // the root DSE: the directory refuses it
  checkNewRdn(rules.singleValuedRdn, rdns[0]!, 'add');
  const parent = rdns.length > 1 ? directory.get(formatDN(rdns.slice(1))) : undefined;
  if (rules.parentFirst && rdns.length > 1 && !parent) {
    throw new DirectoryViolation({ kind: 'noSuchEntry', matchedDN: directory.matchedDN(dn) });
  }
  const { schema } = directory;
  const classes = attributes
    .filter((a) => schema.attributeType(a.type).name.toLowerCase() === 'objectclass')
    .flatMap((a) => a.values)
    .map(valueText);
  if (rules.naming && classes.length === 0) throw new DirectoryViolation({ kind: 'noObjectClass' });
  if (engine.options.strictSchema) {
    for (const [position, name] of classes.entries()) {
      if (!schema.objectClass(name))
        throw new DirectoryViolation({ kind: 'unknownObjectClass', position, name });
    }
    // Samba's objectclass module judges the classes before objectclass_attrs the attributes.
    const problem = classes.length > 0 ? schema.checkEntry(classes, ['objectClass']) : undefined;
    if (problem?.kind === 'structuralChain' || problem?.kind === 'noStructuralClass') {
      throw new DirectoryViolation(problem);
    }
    checkNaming(engine, rules, rdns[0]!, classes, parent, 'add');
  }
  if (rules.parentFirst) requireAccess(engine, ctx);
  checkAccountName(engine, dn, classes, attributes);
  if (engine.options.strictSchema) {
    for (const attribute of attributes) {
      if (!schema.attributeType(attribute.type).known) {
        throw new DirectoryViolation({ kind: 'undefinedAttributeType', attribute: attribute.type });
      }
    }
    checkAddSyntax(engine, classes, attributes);
  }
  for (const attribute of attributes) {
    const type = schema.attributeType(attribute.type);
    if (type.noUserModification) {
      throw new DirectoryViolation({
        kind: 'noUserModification',
        attribute: attribute.type,
        during: 'add',
        reason: 'constructed',
      });
    }
    if (rules.systemOnlyOnAdd.has(type.name.toLowerCase())) {
      throw new DirectoryViolation({
        kind: 'noUserModification',
        attribute: attribute.type,
        during: 'add',
        reason: 'systemOnly',
      });
    }
  }
  if (!rules.parentFirst) return;
  checkRdnValue(engine, rdns[0]!, attributes);
  // An attribute without values, then a value given twice, before any single-valued attribute's count.
  const empty = attributes.find((a) => a.values.length === 0);
  if (empty) {
    const typeName = schema.attributeType(empty.type).name;
    throw new DirectoryViolation({ kind: 'noValues', attribute: empty.type, during: 'add', typeName });
  }
  checkRepeatedValues(engine, rules, attributes);
}

/** A value an add gives twice (a Unicode string octet by octet, anything else by its equality rule). */
function checkRepeatedValues(engine: Engine, rules: WriteRules, attributes: Attributes): void {
  const { directory } = engine;
  for (const attribute of attributes) {
    const type = directory.schema.attributeType(attribute.type);
    const key = directory.attributeKey(attribute.type);
    const exact = rules.exactDuplicateSyntaxes.includes(type.syntax ?? '');
    const seen = new Set<string>();
    for (const [position, value] of attribute.values.entries()) {
      const k = exact ? valueText(value) : (directory.normalizeValue(key, value) ?? valueText(value));
      if (seen.has(k)) {
        throw new DirectoryViolation({
          kind: 'duplicateValue',
          attribute: attribute.type,
          position,
          during: 'add',
          typeName: type.name,
          value: valueText(value),
        });
      }
      seen.add(k);
    }
  }
}

/**
 * objectclass_attrs: every value valid per syntax, before a value given twice is found. A user's
 * userAccountControl is samldb's, which reads any value as a number first.
 */
function checkAddSyntax(engine: Engine, classes: readonly string[], attributes: Attributes): void {
  const { directory } = engine;
  const user = classes.some((c) => directory.schema.isSubclassOf(c, 'user'));
  for (const attribute of attributes) {
    const key = directory.attributeKey(attribute.type);
    if (user && key === 'useraccountcontrol') continue;
    for (const [position, value] of attribute.values.entries()) {
      if (directory.normalizeValue(key, value) === undefined)
        throw new DirectoryViolation({ kind: 'invalidSyntax', attribute: attribute.type, position });
    }
  }
}

/** Samba's rdn_name module, before the database sees a value: a single-valued RDN attribute must hold the RDN's value. */
function checkRdnValue(engine: Engine, rdn: RDN, attributes: Attributes): void {
  const { directory } = engine;
  for (const ava of rdn) {
    const type = directory.schema.attributeType(ava.type);
    if (!type.singleValue) continue;
    const key = directory.attributeKey(ava.type);
    const given = attributes.filter((a) => directory.attributeKey(a.type) === key).flatMap((a) => a.values);
    const wanted = directory.normalizeValue(key, ava.value);
    if (given.length === 0 || given.some((v) => directory.normalizeValue(key, v) === wanted)) continue;
    throw new DirectoryViolation({
      kind: 'rdnMismatch',
      attribute: ava.type,
      typeName: type.name,
      value: ava.value,
      given: given.map(valueText),
    });
  }
}

/** The RDN attribute is one of the classes' (with superclasses); the parent's class may hold the new one. */
function checkNaming(
  engine: Engine,
  rules: WriteRules,
  rdn: RDN,
  classes: readonly string[],
  parent: Entry | undefined,
  during: 'add' | 'modifyDN',
): void {
  const { naming } = rules;
  const structural = engine.directory.schema.structuralObjectClass(classes);
  if (!naming || structural === undefined) return;
  const attribute = rdn[0]?.type ?? '';
  if (!naming.rdnAllowed(attribute, classes)) {
    throw new DirectoryViolation({
      kind: 'rdnAttributeNotAllowed',
      attribute,
      objectClass: structural,
      during,
    });
  }
  if (parent && !naming.childAllowed(structural, parent.strings('objectclass'))) {
    throw new DirectoryViolation({
      kind: 'parentNotAllowed',
      objectClass: structural,
      parent: parent.dn,
      during,
    });
  }
}

/** Samba's acl module: a session that is no administrator may write nothing here. */
function requireAccess(engine: Engine, ctx: OperationContext, parent?: string): void {
  if (engine.isAdministrator(ctx.session.bindDN)) return;
  throw new DirectoryViolation({ kind: 'accessDenied', ...(parent !== undefined && { parent }) });
}

/**
 * A modify, in Samba's order: no increment; then the acl module, attribute by attribute — one the
 * schema lacks (under schema checking), else one the session may not write; `name` and
 * `distinguishedName`; attributes only the server writes; values per syntax; object classes;
 * linked values; the RDN attribute (as the request's DN spells it); then samldb's account rules.
 */
export function checkModifyRules(
  engine: Engine,
  ctx: OperationContext,
  requestedDN: string,
  entry: Entry,
  changes: readonly DirectoryChange[],
): void {
  const rules = engine.profile.writes;
  if (!rules) return;
  const { schema } = engine.directory;
  const increment = changes.find((c) => c.operation === 'increment');
  if (!rules.increment && increment) {
    throw new DirectoryViolation({ kind: 'unsupportedModification', operation: increment.operation });
  }
  const passwordKey = engine.accounts.passwordAttribute.toLowerCase();
  const passwordOnly = changes.every((c) => c.type.toLowerCase() === passwordKey);
  const writer = engine.isAdministrator(ctx.session.bindDN) || rules.parentFirst !== true;
  for (const change of changes) {
    if (engine.options.strictSchema && !schema.attributeType(change.type).known) {
      throw new DirectoryViolation({ kind: 'undefinedAttributeType', attribute: change.type });
    }
    // A password change is the account rules' to judge (a user may change its own); objectClass
    // reaches the acl module only once the objectclass module judged it (ad-object-class-changes.ts).
    if (writer || passwordOnly) continue;
    if (rules.parentFirst && schema.attributeType(change.type).name.toLowerCase() === 'objectclass') continue;
    // member is a validated write (self-membership): refused without the usual text.
    if (schema.attributeType(change.type).name.toLowerCase() === 'member')
      throw errorOf(engine.profile.errors.insufficientAccess);
    throw new DirectoryViolation({ kind: 'accessDenied' });
  }
  if (rules.parentFirst) checkAccountChanges(engine, entry, changes);
  const names = changes.map((c) => schema.attributeType(c.type).name.toLowerCase());
  const namingChange = (naming: 'name' | 'distinguishedName') => {
    if (rules.namingAttributesReadOnly && names.includes(naming.toLowerCase()))
      throw new DirectoryViolation({ kind: 'namingAttributeChange', attribute: naming, naming });
  };
  namingChange('distinguishedName');
  const early = (name: string) => rules.earlySystemOnly?.includes(name) === true;
  const systemOnly = (change: DirectoryChange, name: string) => {
    const constructed = schema.attributeType(change.type).noUserModification === true;
    if (!constructed && !rules.systemOnly.has(name)) return;
    throw new DirectoryViolation({
      kind: 'noUserModification',
      attribute: change.type,
      during: 'modify',
      // Samba's objectclass_attrs names a system-only attribute so even when it is constructed too.
      reason: rules.systemOnly.has(name) ? 'systemOnly' : 'constructed',
    });
  };
  for (const [i, change] of changes.entries()) if (early(names[i]!)) systemOnly(change, names[i]!);
  // objectclass_attrs, change by change: a system-only or constructed attribute refused, every
  // value valid per syntax, before the database looks at any of them (userAccountControl as
  // samldb left it; `name` gets its own refusal, after every other attribute's, below).
  for (const change of accountControlChanges(engine, entry, changes)) {
    const name = schema.attributeType(change.type).name.toLowerCase();
    if (!(name === 'name' && rules.namingAttributesReadOnly)) systemOnly(change, name);
    if (change.operation !== 'add' && change.operation !== 'replace') continue;
    const key = engine.directory.attributeKey(change.type);
    for (const [position, value] of change.values.entries()) {
      if (engine.directory.normalizeValue(key, value) === undefined) {
        throw new DirectoryViolation({ kind: 'invalidSyntax', attribute: change.type, position });
      }
    }
  }
  // rdn_name: `name`, then the RDN's attribute; repl_meta_data's linked values after them.
  namingChange('name');
  const rdn = rules.namingAttributesReadOnly
    ? (parsesAsDN(engine, requestedDN) && !requestedDN.startsWith('<')
        ? parseDN(requestedDN)
        : parseDN(entry.dn))[0]
    : undefined;
  for (const ava of rdn ?? []) {
    const key = engine.directory.attributeKey(ava.type);
    if (changes.some((c) => engine.directory.attributeKey(c.type) === key)) {
      throw new DirectoryViolation({ kind: 'namingAttributeChange', attribute: ava.type, naming: 'rdn' });
    }
  }
  checkLinkedValues(engine, entry, changes);
}

/**
 * AD's modifyDN rules, in Samba's order, before the entry is looked up: the old RDN value goes;
 * the new RDN is one assertion with a value; the new parent exists.
 */
export function checkRenameRules(engine: Engine, request: ModifyDNRequest): void {
  const rules = engine.profile.writes;
  if (!rules) return;
  if (rules.deleteOldRdnRequired && !request.deleteOldRDN)
    throw new DirectoryViolation({ kind: 'oldRdnKept' });
  let newRdns: RDN[];
  try {
    newRdns = parseDN(request.newRDN);
  } catch {
    throw new DirectoryViolation({ kind: 'invalidNewRDN' });
  }
  if (newRdns.length !== 1) throw new DirectoryViolation({ kind: 'invalidNewRDN' });
  checkNewRdn(rules.singleValuedRdn, newRdns[0]!, 'modifyDN');
  if (!rules.parentFirst) return;
  const parent = request.newSuperior ?? parentOf(request.dn);
  if (parent !== undefined && !engine.directory.get(parent)) {
    throw new DirectoryViolation({ kind: 'newSuperiorMissing' });
  }
}

/** Once the entry is found: its classes under the new RDN and parent, not below itself, then access (Samba's objectclass, acl). */
export function checkRenamedEntry(
  engine: Engine,
  ctx: OperationContext,
  request: ModifyDNRequest,
  entry: Entry,
): void {
  const rules = engine.profile.writes;
  if (!rules) return;
  const parentDN = request.newSuperior ?? parentOf(entry.dn);
  const parent = parentDN === undefined ? undefined : engine.directory.get(parentDN);
  const rdn = parseDN(request.newRDN)[0];
  if (engine.options.strictSchema && rdn) {
    checkNaming(engine, rules, rdn, entry.strings('objectclass'), parent, 'modifyDN');
  }
  // Under itself: the objectclass module, once the RDN and the new parent's class passed (measured:
  // `fooBarBaz=x`, or an OU under a user below it, are refused for those first).
  const parentNdn = parentDN === undefined ? '' : engine.directory.normalize(parentDN);
  if (rules.parentFirst && (parentNdn === entry.ndn || parentNdn.endsWith(`,${entry.ndn}`)))
    throw new DirectoryViolation({ kind: 'moveBelowItself' });
  if (rules.parentFirst) requireAccess(engine, ctx);
}

/**
 * A delete of an existing entry, in Samba's order: what the objectclass module keeps (the DC's
 * RID Set, systemFlags' disallow-delete bit), access (naming the parent), samldb's well-known
 * accounts (a domain SID's RID, or any SID's last part, below 1000).
 */
export function checkDeleteRules(engine: Engine, ctx: OperationContext, entry: Entry): void {
  const rules = engine.profile.writes;
  if (!rules?.parentFirst) return;
  const classes = entry.strings('objectclass').map((c) => c.toLowerCase());
  if (classes.includes('ridset')) throw new DirectoryViolation({ kind: 'deleteProtected', reason: 'ridSet' });
  if ((Number(entry.first('systemflags') ?? 0) & DISALLOW_DELETE) !== 0) {
    throw new DirectoryViolation({ kind: 'deleteProtected', reason: 'systemFlags' });
  }
  requireAccess(engine, ctx, parentOf(entry.dn) ?? '');
  const sid = entry.get('objectsid')?.values[0];
  if (Buffer.isBuffer(sid) && sid.length >= 12 && sid.readUInt32LE(sid.length - 4) < FIRST_FREE_RID) {
    throw new DirectoryViolation({ kind: 'deleteProtected', reason: 'wellKnownSid' });
  }
}

/**
 * A linked attribute's values, as Samba's replication module takes them before any other
 * attribute: a delete from an entry without the attribute, of a value naming no entry, or not held;
 * an add of a value held already.
 */
function checkLinkedValues(engine: Engine, entry: Entry, changes: readonly DirectoryChange[]): void {
  const { directory } = engine;
  const linked = new Set(
    (engine.profile.writes?.linkedAttributes ?? []).map((a) => directory.attributeKey(a)),
  );
  for (const change of changes) {
    const key = directory.attributeKey(change.type);
    if (!linked.has(key) || change.operation === 'replace' || change.operation === 'increment') continue;
    const held = new Set((entry.get(key)?.values ?? []).map((v) => directory.normalizeValue(key, v)));
    const attribute = directory.schema.attributeType(change.type).name;
    if (change.operation === 'delete' && change.values.length > 0 && held.size === 0) {
      throw new DirectoryViolation({
        kind: 'noSuchAttribute',
        attribute,
        during: 'delete',
        withValues: true,
        linked: true,
      });
    }
    for (const value of change.values) {
      const target = directory.get(valueText(value));
      if (!target) {
        if (change.operation === 'add')
          throw new DirectoryViolation({ kind: 'linkTargetMissing', attribute });
        throw new DirectoryViolation({ kind: 'linkTargetUnknown', dn: valueText(value) });
      }
      const present = held.has(directory.normalizeValue(key, value));
      if (present === (change.operation === 'add')) {
        const bytes = target.get('objectguid')?.values[0];
        throw new DirectoryViolation({
          kind: 'linkedValue',
          attribute,
          guid: bytes && typeof bytes !== 'string' ? decodeGuid(bytes) : '',
          problem: present ? 'exists' : 'missing',
        });
      }
    }
  }
}

function checkNewRdn(singleValued: boolean, rdn: RDN, during: 'add' | 'modifyDN'): void {
  if (singleValued && rdn.length > 1) throw new DirectoryViolation({ kind: 'multiValuedRdn', during });
  if (rdn.some((ava) => ava.value === '' && ava.ber === undefined)) {
    throw new DirectoryViolation({ kind: 'emptyRdnValue', during });
  }
}

/** Samba's rdn_name module: the old RDN's value goes only when the new RDN names the same attribute. */
export function deletesOldRdn(engine: Engine, entry: Entry, request: ModifyDNRequest): boolean {
  if (!request.deleteOldRDN || !engine.profile.writes?.parentFirst) return request.deleteOldRDN;
  const { directory } = engine;
  const oldType = parseDN(entry.dn)[0]?.[0]?.type ?? '';
  const newType = parseDN(request.newRDN)[0]?.[0]?.type ?? '';
  return directory.attributeKey(oldType) === directory.attributeKey(newType);
}

/** Samba's database finds an entry already at the new DN before objectclass_attrs judges its classes. */
export function checkAddPlace(engine: Engine, dn: string): void {
  if (engine.profile.writes?.parentFirst && engine.directory.get(dn))
    throw new DirectoryViolation({ kind: 'entryExists' });
}
