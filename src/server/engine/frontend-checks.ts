/**
 * slapd's frontend: what it refuses before any database sees a write (servers/slapd/add.c,
 * modify.c, delete.c, modrdn.c) — values missing while it decodes the request, the root DSE and
 * the subschema entry, a DN below no naming context, a rename onto itself or into another
 * database, an add naming an attribute twice. Only for profiles with a `frontend`, which words
 * each refusal; the checks of names and values against the schema are in request-checks.ts.
 */
import { formatDN } from '../../core/dn-format.js';
import { parseDN } from '../../core/dn-parse.js';
import { LdapResultError } from '../../core/result-code.js';
import type { ViolationContext } from '../directory/violation.js';
import type { ModifyDNRequest } from '../operations.js';
import type { FrontendRefusal } from '../profiles/profile.js';
import type { Engine } from './engine.js';

type WriteOperation = ViolationContext['operation'];

function refuse(engine: Engine, refusal: FrontendRefusal, operation: WriteOperation): never {
  const { code, message } = engine.profile.frontend!(refusal, operation);
  throw new LdapResultError(code, message);
}

/** While decoding: an add attribute, or a modify/add change, without values. */
export function checkValuesGiven(
  engine: Engine,
  operation: 'add' | 'modify',
  attributes: readonly { readonly operation?: string; readonly values: readonly unknown[] }[],
): void {
  if (!engine.profile.frontend) return;
  const empty = attributes.some(
    (a) => a.values.length === 0 && (operation === 'add' || a.operation === 'add'),
  );
  if (empty) refuse(engine, { kind: 'valuesMissing' }, operation);
}

/** An add without attributes, once its DN is known to be one. */
export function checkAttributesGiven(engine: Engine, attributes: readonly unknown[]): void {
  if (engine.profile.frontend && attributes.length === 0) refuse(engine, { kind: 'noAttributes' }, 'add');
}

/** The root DSE and the subschema entry (the frontend's own entries). */
export function checkOwnEntries(engine: Engine, operation: WriteOperation, dn: string): void {
  if (!engine.profile.frontend) return;
  const ndn = engine.directory.normalize(dn);
  if (ndn === '') refuse(engine, { kind: 'rootDSE' }, operation);
  if (ndn === engine.directory.normalize(engine.subschemaDN))
    refuse(engine, { kind: 'subschema' }, operation);
}

/** A DN that no naming context holds: slapd has no database to send it to. */
export function checkHeld(engine: Engine, operation: WriteOperation, dn: string): void {
  if (engine.profile.frontend && !heldByNamingContext(engine, dn)) {
    refuse(engine, { kind: 'noNamingContext' }, operation);
  }
}

/** Whether the DN is a naming context or below one. */
export function heldByNamingContext(engine: Engine, dn: string): boolean {
  const ndn = engine.directory.normalize(dn);
  return engine.directory.roots().some((root) => ndn === root.ndn || ndn.endsWith(`,${root.ndn}`));
}

/** A modify DN's new superior that is not a DN, before anything is looked up. */
export function checkNewSuperior(engine: Engine, request: ModifyDNRequest): void {
  if (!engine.profile.frontend || request.newSuperior === undefined) return;
  if (!engine.dnAccepted(request.newSuperior)) refuse(engine, { kind: 'invalidNewSuperior' }, 'modifyDN');
}

/** A modify DN whose new name is below or above the entry's own. */
export function checkRenamePlace(engine: Engine, request: ModifyDNRequest): void {
  if (!engine.profile.frontend) return;
  const oldNdn = engine.directory.normalize(request.dn);
  const newNdn = engine.directory.normalize(newName(request));
  if (newNdn.endsWith(`,${oldNdn}`))
    refuse(engine, { kind: 'placedUnderItself', direction: 'below' }, 'modifyDN');
  if (oldNdn.endsWith(`,${newNdn}`))
    refuse(engine, { kind: 'placedUnderItself', direction: 'above' }, 'modifyDN');
}

/** A modify DN whose new name no naming context holds (checked once the client is known). */
export function checkRenameDatabase(engine: Engine, request: ModifyDNRequest): void {
  if (engine.profile.frontend && !heldByNamingContext(engine, newName(request))) {
    refuse(engine, { kind: 'acrossDatabases' }, 'modifyDN');
  }
}

function newName(request: ModifyDNRequest): string {
  const parent = request.newSuperior ?? parentDN(request.dn);
  return parent === '' ? request.newRDN : `${request.newRDN},${parent}`;
}

function parentDN(dn: string): string {
  return formatDN(parseDN(dn).slice(1));
}

/** An add naming one attribute description twice (`cn` and `commonName` are one). */
export function checkRepeatedAttributes(
  engine: Engine,
  attributes: readonly { readonly type: string }[],
): void {
  if (!engine.profile.frontend) return;
  const seen = new Set<string>();
  for (const { type } of attributes) {
    const [base = '', ...options] = type.split(';');
    const name = [engine.directory.schema.attributeType(base).name, ...options].join(';');
    const key = name.toLowerCase();
    if (seen.has(key)) refuse(engine, { kind: 'repeatedAttribute', attribute: name }, 'add');
    seen.add(key);
  }
}
