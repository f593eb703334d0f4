/**
 * fast-check arbitraries of operation sequences over a vocabulary: binds in every name form with
 * right, wrong and empty passwords; searches with random filters, scopes, attribute lists, limits,
 * typesOnly and paging; compares; adds, modifies, deletes and renames, valid and invalid, of the
 * sequence's own entries (and refused ones of fixture entries); WhoAmI, Password Modify and an
 * unknown extended operation. A sequence often starts by binding as the administrator and adding
 * some of its own entries, so that later writes have something to work on.
 */
import fc, { type Arbitrary } from 'fast-check';
import { filterString, valuesFor } from './filter-arbitrary.js';
import { isTextValue, type Operation, type Scope } from './operation.js';
import type { Vocabulary } from './vocabulary.js';

const pick = <T>(values: readonly T[]): Arbitrary<T> => fc.constantFrom(...values);

function bind(v: Vocabulary): Arbitrary<Operation> {
  const everyPassword = [...v.principals.map((p) => p.password), ...v.otherPasswords];
  const known = fc
    .tuple(fc.nat(v.principals.length * 2 - 1), fc.nat(), fc.nat(4), pick(everyPassword))
    .map(([n, form, kind, other]): Operation => {
      // The administrator (index 0) is drawn as often as all the others together.
      const principal = v.principals[n < v.principals.length ? 0 : n - v.principals.length]!;
      const dn = principal.forms[form % principal.forms.length]!;
      const right = kind < 3 || principal.rightPasswordOnly === true;
      return { kind: 'bind', dn, password: right ? principal.password : other };
    });
  const unknown = fc
    .tuple(pick(v.otherBindNames), pick(everyPassword))
    .map(([dn, password]): Operation => ({ kind: 'bind', dn, password }));
  return fc.oneof({ arbitrary: known, weight: 4 }, { arbitrary: unknown, weight: 1 });
}

const SCOPES: readonly Scope[] = ['base', 'one', 'sub'];

function search(v: Vocabulary): Arbitrary<Operation> {
  return fc
    .record({
      base: pick(v.searchBases),
      scope: pick(SCOPES),
      filter: filterString(v),
      attributes: fc.uniqueArray(pick(v.requestAttributes), { maxLength: 4 }),
      sizeLimit: fc.oneof(
        { arbitrary: fc.constant(0), weight: 4 },
        { arbitrary: pick([1, 2, 3, 10, 600]), weight: 1 },
      ),
      timeLimit: fc.oneof({ arbitrary: fc.constant(0), weight: 6 }, { arbitrary: pick([1, 30]), weight: 1 }),
      typesOnly: fc.oneof(
        { arbitrary: fc.constant(false), weight: 5 },
        { arbitrary: fc.constant(true), weight: 1 },
      ),
      paging: fc.oneof(
        { arbitrary: fc.constant(undefined), weight: 5 },
        { arbitrary: pick([1, 2, 3, 5, 100]), weight: 1 },
      ),
    })
    .map(({ paging, ...rest }): Operation => {
      if (paging === undefined) return { kind: 'search', ...rest };
      // Small pages over hundreds of entries would take hundreds of round trips.
      const pageSize =
        v.largeBases.includes(rest.base) && rest.scope !== 'base' ? Math.max(paging, 100) : paging;
      return { kind: 'search', ...rest, pageSize };
    });
}

function ownAndFixture(v: Vocabulary): readonly string[] {
  return [...v.ownEntries.map((e) => e.dn), ...v.fixtureEntries];
}

function compare(v: Vocabulary): Arbitrary<Operation> {
  return fc
    .tuple(pick([...ownAndFixture(v), ...v.missingEntries]), pick(v.filterAttributes))
    .chain(([dn, attribute]) =>
      valuesFor(v, attribute)
        .filter(isTextValue)
        .map((value): Operation => ({ kind: 'compare', dn, attribute, value })),
    );
}

function add(v: Vocabulary): Arbitrary<Operation> {
  const otherDNs = [...v.fixtureEntries, ...v.missingEntries];
  return fc
    .record({
      entry: pick(v.ownEntries),
      mutations: fc.array(pick(v.addMutations), { maxLength: 2 }),
      elsewhere: fc.oneof(
        { arbitrary: fc.constant(undefined), weight: 6 },
        { arbitrary: pick(otherDNs), weight: 1 },
      ),
    })
    .map(
      ({ entry, mutations, elsewhere }): Operation => ({
        kind: 'add',
        dn: elsewhere ?? entry.dn,
        attributes: mutations.reduce((attributes, mutate) => mutate(attributes), [...entry.attributes]),
      }),
    );
}

/** An own entry exactly as the vocabulary defines it: the set-up adds of a sequence. */
function validAdds(v: Vocabulary): Arbitrary<Operation[]> {
  return fc
    .subarray([...v.ownEntries])
    .map((entries) => entries.map((e): Operation => ({ kind: 'add', dn: e.dn, attributes: e.attributes })));
}

function modify(v: Vocabulary): Arbitrary<Operation> {
  const change = pick(v.modifyTypes).chain((type) =>
    fc.record({
      operation: pick(['add', 'delete', 'replace'] as const),
      type: fc.constant(type),
      values: fc.uniqueArray(valuesFor(v, type).filter(isTextValue), { maxLength: 2 }),
    }),
  );
  const target = fc.oneof(
    { arbitrary: pick(v.ownEntries.map((e) => e.dn)), weight: 3 },
    ...(v.writableFixtureEntries.length > 0
      ? [{ arbitrary: pick(v.writableFixtureEntries), weight: 2 }]
      : []),
    { arbitrary: pick(v.missingEntries), weight: 1 },
  );
  return fc
    .tuple(target, fc.array(change, { minLength: 1, maxLength: 3 }))
    .map(([dn, changes]): Operation => ({ kind: 'modify', dn, changes }));
}

function remove(v: Vocabulary): Arbitrary<Operation> {
  const target = fc.oneof(
    { arbitrary: pick(v.ownEntries.map((e) => e.dn)), weight: 3 },
    { arbitrary: pick(v.nonLeafEntries), weight: 1 },
    { arbitrary: pick(v.missingEntries), weight: 1 },
  );
  return target.map((dn): Operation => ({ kind: 'delete', dn }));
}

function rename(v: Vocabulary): Arbitrary<Operation> {
  return fc
    .record({
      dn: fc.oneof(
        { arbitrary: pick(v.ownEntries.map((e) => e.dn)), weight: 4 },
        { arbitrary: pick(v.missingEntries), weight: 1 },
      ),
      newRdn: pick(v.newRdns),
      deleteOldRdn: fc.boolean(),
      newSuperior: fc.option(pick(v.parents), { nil: undefined, freq: 2 }),
    })
    .map(
      ({ newSuperior, ...rest }): Operation =>
        newSuperior === undefined ? { kind: 'rename', ...rest } : { kind: 'rename', ...rest, newSuperior },
    );
}

function passwordModify(v: Vocabulary): Arbitrary<Operation> {
  const oldPasswords = [...v.principals.map((p) => p.password), 'wrong-password', ''];
  const newPasswords = ['new-password-1', 'abc', '', 'alice-password', 'gen-password-2'];
  return fc
    .record({
      userIdentity: fc.option(pick(v.passwordTargets), { nil: undefined }),
      oldPassword: fc.option(pick(oldPasswords), { nil: undefined }),
      newPassword: fc.option(pick(newPasswords), { nil: undefined, freq: 4 }),
    })
    .map(
      ({ userIdentity, oldPassword, newPassword }): Operation => ({
        kind: 'passwordModify',
        ...(userIdentity === undefined ? {} : { userIdentity }),
        ...(oldPassword === undefined ? {} : { oldPassword }),
        ...(newPassword === undefined ? {} : { newPassword }),
      }),
    );
}

export function operation(v: Vocabulary): Arbitrary<Operation> {
  return fc.oneof(
    { arbitrary: bind(v), weight: 4 },
    { arbitrary: search(v), weight: 8 },
    { arbitrary: compare(v), weight: 2 },
    { arbitrary: add(v), weight: 3 },
    { arbitrary: modify(v), weight: 3 },
    { arbitrary: remove(v), weight: 1 },
    { arbitrary: rename(v), weight: 1 },
    { arbitrary: fc.constant<Operation>({ kind: 'whoami' }), weight: 1 },
    { arbitrary: passwordModify(v), weight: 1 },
    { arbitrary: fc.constant<Operation>({ kind: 'unknownExtended', oid: '1.2.3.4.5.6.7.8.9' }), weight: 1 },
  );
}

/** A sequence of at most `maxLength` operations, often behind an administrator bind and some adds. */
export function operationSequence(v: Vocabulary, maxLength: number): Arbitrary<Operation[]> {
  const administrator = v.principals[0]!;
  const prelude = validAdds(v).map((adds): Operation[] => [
    { kind: 'bind', dn: administrator.forms[0]!, password: administrator.password },
    ...adds,
  ]);
  return fc
    .tuple(
      fc.oneof({ arbitrary: fc.constant<Operation[]>([]), weight: 1 }, { arbitrary: prelude, weight: 2 }),
      fc.array(operation(v), { minLength: 1, maxLength }),
    )
    .map(([start, rest]) => [...start, ...rest]);
}
