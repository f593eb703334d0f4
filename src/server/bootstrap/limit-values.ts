/**
 * slapd's limit settings in both configuration forms: olcSizeLimit/sizelimit,
 * olcTimeLimit/timelimit and olcLimits/limits, read as slapd's limits.c reads them. Each value
 * applies to the limits in force when it is read, as slapd copies the database's into a rule.
 */
import { configWords, UnbalancedQuoteError } from '../../core/config-words.js';
import type { DNScopeStyle } from '../../core/dn-scope.js';
import type { IdentityLimit, LimitPair, LimitSet, LimitSubject } from '../profiles/limit-sets.js';

/** slapd's own defaults (include/ldap_defaults.h): 500 entries, 3600 seconds, hard as soft. */
export const SLAPD_DEFAULT_LIMITS: LimitSet = {
  size: { soft: 500, hard: 'soft' },
  time: { soft: 3600, hard: 'soft' },
};

export interface LimitProblem {
  readonly problem: string;
  /** A form slapd takes that the mock does not apply (named on start-up rather than refused). */
  readonly notEmulated?: true;
}

/**
 * olcSizeLimit or olcTimeLimit: `N`, `unlimited` or `KIND[.soft|.hard]=N` words (hard may be
 * `soft`); a bare number sets the soft limit and puts the hard one back to `soft`.
 */
export function defaultLimitsOf(
  kind: 'size' | 'time',
  value: string,
  current: LimitSet,
): LimitSet | LimitProblem {
  const words = value.trim().split(/\s+/);
  const named = (word: string) => /^(size|time)\b/i.test(word);
  const bad = words.find((word) => !named(word) && amountOf(word, false) === undefined);
  if (bad) return { problem: `${bad}: expected a number, unlimited or ${kind}[.soft|.hard]=N` };
  return limitWords(
    words.map((word) => (named(word) ? word : `${kind}=${word}`)),
    current,
    kind,
  );
}

/**
 * One olcLimits value (after its `{N}`) or `limits` directive: `WHO LIMIT…` where WHO is `*`,
 * `anonymous`, `users`, `dn[.self][.STYLE]=DN` or `group[/CLASS[/ATTRIBUTE]]=DN`, starting from
 * the database's limits.
 */
export function identityLimitOf(text: string, defaults: LimitSet): IdentityLimit | LimitProblem {
  let words: string[];
  try {
    words = configWords(text);
  } catch (error) {
    if (error instanceof UnbalancedQuoteError) return { problem: error.message };
    throw error;
  }
  if (words.length < 2) return { problem: 'expected WHO and at least one limit' };
  const who = subjectOf(words[0]!);
  if ('problem' in who) return who;
  const limits = limitWords(words.slice(1), defaults);
  if ('problem' in limits) return limits;
  return { who, limits: { size: raised(limits.size), time: raised(limits.time) } };
}

/** limits.c's own style names: `anonymous` but not the ACL parser's `baseobject` (parse-access.ts). */
const DN_STYLES = new Map<string, DNScopeStyle | 'regex' | 'anonymous'>([
  ['exact', 'base'],
  ['base', 'base'],
  ['one', 'one'],
  ['onelevel', 'one'],
  ['sub', 'subtree'],
  ['subtree', 'subtree'],
  ['children', 'children'],
  ['regex', 'regex'],
  ['anonymous', 'anonymous'],
]);

function subjectOf(word: string): LimitSubject | LimitProblem {
  const lower = word.toLowerCase();
  if (lower === '*') return { kind: 'anyone' };
  if (lower === 'anonymous' || lower === 'users') return { kind: lower };
  if (word.startsWith('group')) {
    const group = /^group(?:\/([^/=]+)(?:\/([^=]+))?)?=(.*)$/.exec(word);
    if (!group) return { problem: `${word}: expected group[/CLASS[/ATTRIBUTE]]=DN` };
    return {
      kind: 'group',
      dn: group[3]!,
      objectClass: group[1] ?? 'groupOfNames',
      attribute: group[2] ?? 'member',
    };
  }
  // Neither dn… nor group…: the word is a DN, matched exactly.
  if (!word.startsWith('dn')) return { kind: 'dn', style: 'base', dn: word };
  if (word.startsWith('dn.this'))
    return { problem: `${word}: dn.this (the search base) is not emulated`, notEmulated: true };
  const dn = /^dn(?:\.self)?(?:\.([a-z]+))?(?:=(.*))?$/.exec(word);
  const style = dn && (dn[1] === undefined ? 'base' : DN_STYLES.get(dn[1]));
  if (!style)
    return { problem: `${word}: expected dn[.STYLE]=DN, STYLE one of ${[...DN_STYLES.keys()].join(', ')}` };
  if (style === 'anonymous') return { kind: 'anonymous' };
  const pattern = dn[2];
  if (pattern === undefined) return { problem: `${word}: missing '='` };
  if (pattern === '*' || (style === 'regex' && pattern === '.*')) return { kind: 'anyone' };
  if (style !== 'regex') return { kind: 'dn', style, dn: pattern };
  try {
    new RegExp(pattern);
  } catch (error) {
    return { problem: `${word}: ${(error as Error).message}` };
  }
  return { kind: 'regex', pattern };
}

/** `size[.soft|.hard]=N`, `time…` likewise, applied in order. */
function limitWords(
  words: readonly string[],
  current: LimitSet,
  only?: 'size' | 'time',
): LimitSet | LimitProblem {
  const set = { size: { ...current.size }, time: { ...current.time } };
  for (const word of words) {
    const limit = /^(size|time)(?:\.(soft|hard))?=(.+)$/i.exec(word);
    if (/^size\.(unchecked|pr|prtotal)=/i.test(word))
      return { problem: `${word}: ${word.split('=')[0]} is not emulated`, notEmulated: true };
    if (!limit || (only && limit[1]!.toLowerCase() !== only))
      return { problem: `${word}: not a ${only ?? 'size or time'} limit` };
    const pair = set[limit[1]!.toLowerCase() as 'size' | 'time'] as { soft: number; hard: number | 'soft' };
    const part = limit[2]?.toLowerCase();
    const number = amountOf(limit[3]!, part === 'hard');
    if (number === undefined)
      return { problem: `${word}: expected a number, unlimited${part === 'hard' ? ' or soft' : ''}` };
    if (part === 'hard') pair.hard = number;
    else {
      pair.soft = number as number;
      if (part === undefined) pair.hard = 'soft';
    }
  }
  return set;
}

/** A number, `unlimited`/`none` (0 here), and for a hard limit `soft`. */
function amountOf(text: string, hard: boolean): number | 'soft' | undefined {
  const lower = text.toLowerCase();
  if (lower === 'unlimited' || lower === 'none' || lower === '-1') return 0;
  if (hard && (lower === 'soft' || lower === '0')) return 'soft';
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

/** slapd's check on a rule: a hard limit below the soft one (or under an unlimited soft one) becomes the soft one. */
function raised(pair: LimitPair): LimitPair {
  if (typeof pair.hard === 'number' && pair.hard > 0 && (pair.soft === 0 || pair.hard < pair.soft))
    return { soft: pair.soft, hard: pair.soft };
  return pair;
}
