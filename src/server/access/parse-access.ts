/**
 * Reads one access rule as slapd does: an olcAccess value (after cn=config's `{N}` order prefix)
 * or a slapd.conf `access to …` directive. The forms slapd.access(5) documents that the mock
 * evaluates are taken; any other form (peername, ssf, sets, `val=`, `self.level{n}`…) is a
 * problem that names it, so the rule is reported rather than half applied.
 */
import { configWords, UnbalancedQuoteError } from '../../core/config-words.js';
import { parseDN } from '../../core/dn-parse.js';
import { parseFilter } from '../../core/filter-parse.js';
import {
  type AccessGrant,
  type AccessRule,
  type AccessTarget,
  type AttributeSelector,
  type ByClause,
  type Control,
  type DNPattern,
  type DNStyle,
  LEVELS,
  PRIVILEGE_LETTERS,
  type Who,
} from './access-rule.js';

export interface AccessProblem {
  readonly problem: string;
}

/** slapd's dnstyle names, with their synonyms. */
const DN_STYLES: ReadonlyMap<string, DNStyle> = new Map([
  ['', 'base'],
  ['base', 'base'],
  ['baseobject', 'base'],
  ['exact', 'base'],
  ['one', 'one'],
  ['onelevel', 'one'],
  ['sub', 'subtree'],
  ['subtree', 'subtree'],
  ['children', 'children'],
  ['regex', 'regex'],
]);

const CONTROLS = new Set<Control>(['stop', 'continue', 'break']);

/** Parses one rule, or says what is wrong with it (or not emulated in it). */
export function parseAccess(text: string): AccessRule | AccessProblem {
  const rule = text.replace(/^\s*\{\d+\}/, '').trim();
  try {
    const words = configWords(rule);
    if (words[0]?.toLowerCase() === 'access') words.shift();
    if (words.shift()?.toLowerCase() !== 'to') throw new RuleError('expected "to" first');
    const byAt = words.findIndex((w) => w.toLowerCase() === 'by');
    if (byAt < 0) throw new RuleError('no "by" clause');
    const to = parseTarget(words.slice(0, byAt));
    const by: ByClause[] = [];
    let rest = words.slice(byAt);
    while (rest.length > 0) {
      const next = rest.slice(1).findIndex((w) => w.toLowerCase() === 'by');
      const clause = next < 0 ? rest.slice(1) : rest.slice(1, next + 1);
      by.push(parseBy(clause));
      rest = next < 0 ? [] : rest.slice(next + 1);
    }
    return { to, by, text: rule };
  } catch (error) {
    if (error instanceof RuleError || error instanceof UnbalancedQuoteError)
      return { problem: error.message };
    throw error;
  }
}

class RuleError extends Error {}

function parseTarget(words: readonly string[]): AccessTarget {
  if (words.length === 0) throw new RuleError('nothing after "to"');
  let dn: DNPattern | undefined;
  let filter: AccessTarget['filter'];
  let attributes: AttributeSelector[] | undefined;
  for (const word of words) {
    if (word === '*') continue;
    const [key, value] = keyValue(word);
    const [name = '', ...styles] = key.split('.');
    switch (name.toLowerCase()) {
      case 'dn': {
        if (value === '*') break;
        dn = dnPattern(styles.join('.'), value, 'to');
        // `dn.regex=.*` and `dn.subtree=""` are every entry: the same as no dn part.
        if (
          (dn.style === 'regex' && /^(\^?\.\*\$?)$/.test(value)) ||
          (dn.style === 'subtree' && value === '')
        )
          dn = undefined;
        break;
      }
      case 'filter':
        if (styles.length > 0) throw new RuleError(`"${key}=" is not a form of filter`);
        try {
          filter = parseFilter(value);
        } catch (error) {
          throw new RuleError(`filter=${value}: ${(error as Error).message}`);
        }
        break;
      case 'attr':
      case 'attrs':
        if (styles.length > 0) throw new RuleError(`"${key}=" is not a form of attrs`);
        attributes = value.split(',').map(attributeSelector);
        break;
      case 'val':
        throw new RuleError(`"${word}": access to single values (val=) is not emulated`);
      default:
        throw new RuleError(`"${word}" is not a <what> form the mock evaluates (dn, filter, attrs)`);
    }
  }
  return {
    ...(dn && { dn }),
    ...(filter && { filter }),
    ...(attributes && { attributes }),
  };
}

function attributeSelector(name: string): AttributeSelector {
  const trimmed = name.trim();
  if (trimmed === '') throw new RuleError('an empty name in attrs=');
  const lower = trimmed.toLowerCase();
  if (lower === 'entry') return { kind: 'entry' };
  if (lower === 'children') return { kind: 'children' };
  if (trimmed.startsWith('@') || trimmed.startsWith('!'))
    return { kind: 'class', name: trimmed.slice(1), negated: trimmed.startsWith('!') };
  return { kind: 'attribute', name: trimmed };
}

/** `key=value` at the first `=`; the value keeps any later ones (DNs, filters). */
function keyValue(word: string): [string, string] {
  const at = word.indexOf('=');
  if (at < 0) throw new RuleError(`"${word}" is not a form slapd knows here`);
  return [word.slice(0, at), word.slice(at + 1)];
}

function dnPattern(styleText: string, value: string, where: 'to' | 'by'): DNPattern {
  const style = DN_STYLES.get(styleText.toLowerCase());
  if (style === undefined) {
    throw new RuleError(`dn.${styleText}: the style is not one the mock evaluates (${where} clause)`);
  }
  if (style === 'regex') {
    try {
      // `$$` is a dollar sign; `$1`… are the <what> regex's submatches (only a <by> has them).
      new RegExp(value.replace(/\$\$/g, '$').replace(/\$(\d|\{\d+\})/g, ''), 'i');
    } catch (error) {
      throw new RuleError(`dn.regex=${value}: ${(error as Error).message}`);
    }
  } else {
    try {
      parseDN(value);
    } catch {
      throw new RuleError(`dn.${styleText || 'base'}=${value}: not a DN`);
    }
  }
  return { style, pattern: value };
}

/** One `by` clause's words: `<who>… [<access>] [<control>]`. */
function parseBy(words: readonly string[]): ByClause {
  if (words.length === 0) throw new RuleError('"by" with nothing after it');
  const who: Who[] = [];
  let access: AccessGrant | undefined;
  let control: Control | undefined;
  for (const word of words) {
    const lower = word.toLowerCase();
    if (control !== undefined) throw new RuleError(`"${word}" after the control "${control}"`);
    if (who.length > 0 && CONTROLS.has(lower as Control)) {
      control = lower as Control;
      continue;
    }
    const grant = who.length > 0 ? accessGrant(word) : undefined;
    if (grant) {
      if (access) throw new RuleError(`two access levels in one "by" clause ("${word}")`);
      access = grant;
      continue;
    }
    if (access) throw new RuleError(`"${word}" after the access level`);
    who.push(parseWho(word));
  }
  // slapd.access(5): no access given is +0, nothing granted.
  return { who, access: access ?? { operation: 'add', privileges: 0 }, control: control ?? 'stop' };
}

/** A level (`read`) or a privilege set (`=rscx`, `+w`, `-z`); undefined if the word is neither. */
function accessGrant(word: string): AccessGrant | undefined {
  const lower = word.toLowerCase();
  const level = LEVELS.get(lower);
  if (level !== undefined) return { operation: 'set', privileges: level };
  if (/^(real)?self/.test(lower) && LEVELS.has(lower.replace(/^(real)?self/, ''))) {
    throw new RuleError(`"${word}": the self modifier of an access level is not emulated`);
  }
  const priv = /^([=+-])([0-9a-z]+)$/.exec(lower);
  if (!priv) return undefined;
  let privileges = 0;
  for (const letter of priv[2]!) {
    const bits = PRIVILEGE_LETTERS.get(letter);
    if (bits === undefined) throw new RuleError(`"${word}": "${letter}" is not a privilege (mwazrscxd0)`);
    privileges |= bits;
  }
  const operation = priv[1] === '=' ? 'set' : priv[1] === '+' ? 'add' : 'remove';
  return { operation, privileges };
}

function parseWho(word: string): Who {
  const lower = word.toLowerCase();
  if (word === '*') return { kind: 'anyone' };
  if (lower === 'anonymous') return { kind: 'anonymous' };
  if (lower === 'users') return { kind: 'users' };
  if (lower === 'self') return { kind: 'self' };
  const at = word.indexOf('=');
  const key = (at < 0 ? word : word.slice(0, at)).toLowerCase();
  const value = at < 0 ? '' : word.slice(at + 1);
  if (at >= 0 && (key === 'dn' || key.startsWith('dn.'))) {
    if (key.includes(',')) throw new RuleError(`"${word}": the expand modifier is not emulated`);
    return { kind: 'dn', ...dnPattern(key.slice(3), value, 'by') };
  }
  if (at >= 0 && key === 'dnattr') return { kind: 'dnattr', attribute: value };
  if (at >= 0 && (key === 'group' || key.startsWith('group/') || key.startsWith('group.'))) {
    return groupWho(word.slice(0, at), value);
  }
  throw new RuleError(`"by ${word}" is not a <who> form the mock evaluates`);
}

/** `group[/objectClass[/attribute]][.exact]=DN`; default groupOfNames and member. */
function groupWho(key: string, dn: string): Who {
  const [path = '', style = 'exact'] = key.split('.');
  if (style.toLowerCase() !== 'exact') throw new RuleError(`"${key}": only group.exact is emulated`);
  const [, objectClass = 'groupOfNames', attribute = 'member'] = path.split('/');
  try {
    parseDN(dn);
  } catch {
    throw new RuleError(`${key}=${dn}: not a DN`);
  }
  return { kind: 'group', dn, objectClass, attribute };
}

/** The rule or throws: for callers that hold rules known to be good (built-in defaults, tests). */
export function accessRule(text: string): AccessRule {
  const parsed = parseAccess(text);
  if ('problem' in parsed) throw new Error(`access rule ${JSON.stringify(text)}: ${parsed.problem}`);
  return parsed;
}
