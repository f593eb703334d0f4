/**
 * What slapd grants one user on one attribute of one entry (slapd.access(5), measured against
 * slapd 2.5 with slapacl): the database's rules, then the frontend's, in order; the first rule
 * whose `<what>` matches is applied, and in it the first `by` whose `<who>` matches. A `by` sets,
 * adds or takes away privileges, then stops (the default), continues with the next `by`, or
 * breaks to the next matching rule. A rule whose `by` clauses all miss ends with nothing granted
 * (its implicit `by * none`); so does running out of rules, even after a break. With no rules at
 * all slapd's default, `access to * by * read`, applies. The rootdn is not asked: it may do
 * anything (the engine knows it).
 */

import { inScope } from '../../core/dn-scope.js';
import type { Filter } from '../../core/filter-ast.js';
import {
  type AccessConfiguration,
  type AccessGrant,
  type AccessRule,
  type AccessTarget,
  type DNPattern,
  LEVELS,
  type Privileges,
  type Who,
} from './access-rule.js';

/** What the decision needs of an entry. */
export interface AccessEntry {
  readonly ndn: string;
}

/** The directory as the rules see it; the engine provides it over its schema and entries. */
export interface AccessEnvironment<E extends AccessEntry> {
  /** A DN's normalised form (the entries' ndn form), or undefined when it does not parse. */
  normalize(dn: string): string | undefined;
  /** Whether the attribute (its lower-case name) is the named type or one of its subtypes. */
  covers(name: string, attribute: string): boolean;
  /** Whether the object class allows (MUST or MAY, superclasses' too) the attribute. */
  classAllows(objectClass: string, attribute: string): boolean;
  /** Whether the entry matches the filter (evaluated without access rules, as slapd's acl_get). */
  matches(entry: E, filter: Filter): boolean;
  /** The entry's values of an attribute as normalised DNs (dnattr, group members). */
  dnValues(entry: E, attribute: string): readonly string[];
  /** The entry with this normalised DN, if any (groups). */
  entry(ndn: string): E | undefined;
  /** Whether the entry is of the object class (or a subclass of it). */
  isA(entry: E, objectClass: string): boolean;
}

export interface AccessRequest<E extends AccessEntry> {
  readonly entry: E;
  /** The attribute's lower-case name, or the pseudo-attributes `entry` and `children`. */
  readonly attribute: string;
  /** The session's normalised bind DN; '' for anonymous. */
  readonly viewer: string;
}

const READ = LEVELS.get('read')!;

export class AccessPolicy<E extends AccessEntry> {
  private readonly rules: readonly CompiledRule[];
  private readonly normalized = new Map<string, string | undefined>();
  private readonly regexes = new Map<string, RegExp>();

  constructor(
    configuration: AccessConfiguration,
    private readonly env: AccessEnvironment<E>,
  ) {
    this.rules = [...configuration.database, ...configuration.frontend].map(compile);
  }

  /** Whether the viewer holds every privilege of `needed`. */
  allows(request: AccessRequest<E>, needed: Privileges): boolean {
    return (this.privileges(request) & needed) === needed;
  }

  privileges(request: AccessRequest<E>): Privileges {
    if (this.rules.length === 0) return READ;
    let mask = 0;
    for (const rule of this.rules) {
      const submatches = this.target(rule, request);
      if (submatches === undefined) continue;
      const outcome = this.byClauses(rule, mask, request, submatches);
      mask = outcome.mask;
      if (outcome.control !== 'break') return mask;
    }
    return 0;
  }

  /** The `<what>`'s submatches ([] outside dn.regex) when it covers the request, else undefined. */
  private target(rule: CompiledRule, request: AccessRequest<E>): string[] | undefined {
    const { to } = rule;
    if (to.attributes && !to.attributes.some((s) => this.selects(s, request.attribute))) return undefined;
    let submatches: string[] = [];
    if (to.dn) {
      const { style, pattern } = to.dn;
      if (style === 'regex') {
        const match = rule.dnRegex?.exec(request.entry.ndn);
        if (!match) return undefined;
        submatches = [...match].map((m) => m ?? '');
      } else {
        const base = this.normal(pattern);
        if (base === undefined || !inScope(request.entry.ndn, base, style)) return undefined;
      }
    }
    if (to.filter && !this.env.matches(request.entry, to.filter)) return undefined;
    return submatches;
  }

  private selects(selector: NonNullable<AccessTarget['attributes']>[number], attribute: string): boolean {
    switch (selector.kind) {
      case 'entry':
      case 'children':
        return attribute === selector.kind;
      case 'attribute':
        return attribute !== 'entry' && attribute !== 'children' && this.env.covers(selector.name, attribute);
      case 'class':
        if (attribute === 'entry' || attribute === 'children') return false;
        return this.env.classAllows(selector.name, attribute) !== selector.negated;
    }
  }

  private byClauses(
    rule: CompiledRule,
    start: Privileges,
    request: AccessRequest<E>,
    submatches: readonly string[],
  ): { mask: Privileges; control: 'stop' | 'break' } {
    let mask = start;
    for (const by of rule.by) {
      if (!by.who.every((who) => this.whoMatches(who, request, submatches))) continue;
      mask = granted(mask, by.access);
      if (by.control === 'continue') continue;
      return { mask, control: by.control };
    }
    // The implicit `by * none stop` that ends every rule.
    return { mask: 0, control: 'stop' };
  }

  private whoMatches(who: Who, request: AccessRequest<E>, submatches: readonly string[]): boolean {
    const { viewer, entry } = request;
    switch (who.kind) {
      case 'anyone':
        return true;
      case 'anonymous':
        return viewer === '';
      case 'users':
        return viewer !== '';
      case 'self':
        return viewer !== '' && viewer === entry.ndn;
      case 'dn':
        return this.dnMatches(who, viewer, submatches);
      case 'dnattr':
        return viewer !== '' && this.env.dnValues(entry, who.attribute).includes(viewer);
      case 'group': {
        const ndn = this.normal(who.dn);
        const group = ndn === undefined || viewer === '' ? undefined : this.env.entry(ndn);
        return (
          group !== undefined &&
          this.env.isA(group, who.objectClass) &&
          this.env.dnValues(group, who.attribute).includes(viewer)
        );
      }
    }
  }

  private dnMatches(pattern: DNPattern, viewer: string, submatches: readonly string[]): boolean {
    if (pattern.style === 'regex') {
      // `$$` is a dollar; `$n` and `${n}` the <what> regex's submatches, as slapd expands them.
      const source = pattern.pattern.replace(/\$\$|\$(\d)|\$\{(\d+)\}/g, (whole, d?: string, dd?: string) =>
        whole === '$$' ? '$' : (submatches[Number(d ?? dd)] ?? ''),
      );
      let regex = this.regexes.get(source);
      if (!regex) this.regexes.set(source, (regex = new RegExp(source, 'i')));
      return regex.test(viewer);
    }
    const base = this.normal(pattern.pattern);
    return base !== undefined && inScope(viewer, base, pattern.style);
  }

  private normal(dn: string): string | undefined {
    if (!this.normalized.has(dn)) this.normalized.set(dn, this.env.normalize(dn));
    return this.normalized.get(dn);
  }
}

interface CompiledRule extends AccessRule {
  /** slapd compiles `dn.regex` patterns case-insensitively (REG_ICASE). */
  readonly dnRegex?: RegExp;
}

function compile(rule: AccessRule): CompiledRule {
  const dn = rule.to.dn;
  return dn?.style === 'regex' ? { ...rule, dnRegex: new RegExp(dn.pattern, 'i') } : rule;
}

function granted(mask: Privileges, access: AccessGrant): Privileges {
  switch (access.operation) {
    case 'set':
      return access.privileges;
    case 'add':
      return mask | access.privileges;
    case 'remove':
      return mask & ~access.privileges;
  }
}
