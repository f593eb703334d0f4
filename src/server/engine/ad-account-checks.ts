/**
 * Samba's samldb module on writes to accounts (after the acl module, before objectclass_attrs):
 * sAMAccountName single and unique, sAMAccountName and userAccountControl never removed,
 * objectSid never written, the account attributes only on accounts.
 */
import { UserAccountControl } from '../../core/active-directory.js';
import type { DirectoryChange } from '../directory/directory-changes.js';
import type { Entry } from '../directory/entry.js';
import { DirectoryViolation } from '../directory/violation.js';
import { type AttributeValue, valueText } from '../operations.js';
import type { Engine } from './engine.js';

type Attributes = readonly { readonly type: string; readonly values: readonly AttributeValue[] }[];

/** samldb on a new account: one sAMAccountName, held by no other object. */
export function checkAccountName(
  engine: Engine,
  dn: string,
  classes: readonly string[],
  attributes: Attributes,
): void {
  if (!isAccount(engine, classes)) return;
  const names = attributes.filter((a) => a.type.split(';')[0]!.toLowerCase() === 'samaccountname');
  const values = names.flatMap((a) => a.values).map(valueText);
  if (values.length > 1)
    throw new DirectoryViolation({ kind: 'accountNameCount', count: values.length, during: 'add' });
  // An entry already at the new DN is the database's to report, not a name in use.
  if (values[0] !== undefined) requireFreeAccountName(engine, values[0], engine.directory.get(dn));
}

function requireFreeAccountName(engine: Engine, name: string, self: Entry | undefined): void {
  const { directory } = engine;
  const key = directory.attributeKey('sAMAccountName');
  for (const ndn of directory.lookup(key, name)) {
    if (ndn !== self?.ndn) throw new DirectoryViolation({ kind: 'accountNameInUse', name });
  }
}

/** A user or group (computers are users): what samldb looks after. */
function isAccount(engine: Engine, classes: readonly string[]): boolean {
  const { schema } = engine.directory;
  return classes.some((c) => schema.isSubclassOf(c, 'user') || schema.isSubclassOf(c, 'group'));
}

/**
 * samldb on a modify, in its order: objectSid never; then userAccountControl, which must keep a
 * value (some add or replace of it with one) and belongs to users only; then sAMAccountName,
 * whose adds and replaces together must give exactly one value, held by no other object; then
 * member, only on a security principal. Deletes of these two never count as their new values.
 */
export function checkAccountChanges(engine: Engine, entry: Entry, changes: readonly DirectoryChange[]): void {
  const { schema } = engine.directory;
  const of = (name: string) =>
    changes.filter((c) => schema.attributeType(c.type).name.toLowerCase() === name);
  const [sid] = of('objectsid');
  if (sid) {
    throw new DirectoryViolation({
      kind: 'noUserModification',
      attribute: sid.type,
      during: 'modify',
      reason: 'systemOnly',
    });
  }
  const control = of('useraccountcontrol');
  if (control.length > 0) {
    if (chosenControl(control) === undefined)
      throw new DirectoryViolation({ kind: 'accountAttributeRemoved', attribute: control[0]!.type });
    // userAccountControl is a user's (computers are users), not a group's.
    if (!entry.strings('objectclass').some((c) => schema.isSubclassOf(c, 'user')))
      throw new DirectoryViolation({ kind: 'accountAttributeOnNonAccount', attribute: control[0]!.type });
  }
  const names = of('samaccountname');
  if (names.length > 0) {
    const values = names.filter((c) => c.operation !== 'delete').flatMap((c) => c.values);
    if (values.length === 0)
      throw new DirectoryViolation({ kind: 'accountAttributeRemoved', attribute: names[0]!.type });
    if (values.length > 1)
      throw new DirectoryViolation({ kind: 'accountNameCount', count: values.length, during: 'modify' });
    requireFreeAccountName(engine, valueText(values[0]!), entry);
  }
  // member belongs to security principals (a user passes on to objectclass_attrs).
  const [member] = of('member');
  if (member && entry.first('samaccounttype') === undefined)
    throw new DirectoryViolation({ kind: 'accountAttributeOnNonAccount', attribute: member.type });
}

/** The userAccountControl change samldb reads: the first add or replace that has values. */
function chosenControl(changes: readonly DirectoryChange[]): DirectoryChange | undefined {
  return changes.find((c) => c.operation !== 'delete' && c.values.length > 0);
}

/**
 * A modify's changes as Samba's samldb passes them on for a user's userAccountControl
 * (WriteRules.accountControlAsNumber). It reads the first add or replace of it with values, its
 * first value: taken as a number (0 when it is none), with NORMAL_ACCOUNT added when no account type is set. When that
 * leaves the account as it was, every change of userAccountControl is dropped (even `abc` then
 * succeeds); when it is a number, the changes go on as given, followed by a replace with the
 * computed value; anything else goes on as given (and is refused). Measured on Samba 4.17:
 * `replace 546; replace 512` on 546 leaves 546; `replace 66048; delete 66048` leaves 66048;
 * `replace 0; delete 512` on 546 fails on the delete; `add member; add 514,abc` on 514 is refused
 * for the member alone.
 */
export function accountControlChanges(
  engine: Engine,
  entry: Entry,
  changes: readonly DirectoryChange[],
): DirectoryChange[] {
  const { schema } = engine.directory;
  const isControl = (c: DirectoryChange) =>
    schema.attributeType(c.type).name.toLowerCase() === 'useraccountcontrol';
  const chosen = chosenControl(changes.filter(isControl));
  const applies =
    engine.profile.writes?.accountControlAsNumber === true &&
    chosen !== undefined &&
    entry.strings('objectclass').some((c) => schema.isSubclassOf(c, 'user'));
  if (!applies) return [...changes];
  const given = valueText(chosen.values[0]!);
  const number = /^\s*\+?\d+\s*$/.test(given);
  let control = number ? Number(given) : 0;
  if ((control & UserAccountControl.accountTypes) === 0) control |= UserAccountControl.normalAccount;
  if (String(control) === entry.first('useraccountcontrol')) return changes.filter((c) => !isControl(c));
  if (!number) return [...changes];
  return [...changes, { operation: 'replace', type: chosen.type, values: [String(control)] }];
}
