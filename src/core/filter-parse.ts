/** Parsing RFC 4515 search-filter strings into a `Filter` tree (`parseFilter`). */

/*
 * The parser walks the tree with an explicit stack rather than recursion, so a nesting bomb in
 * the input cannot overflow the call stack; `maxDepth` is checked before each level is opened.
 *
 * Accepted beyond the strict RFC 4515 grammar, each as OpenLDAP's libldap (ldapsearch) does:
 * - a bare item without parentheses (`uid=alice`);
 * - whitespace between the sub-filters of `&` `|` `!`, so a long filter may be written over
 *   several lines; whitespace anywhere else outside a value is an error, except that whitespace
 *   around the whole filter is trimmed (libldap refuses a leading space; we are kinder there);
 * - the LDAPv2 escapes `\*` `\(` `\)` `\\` in values;
 * - a numeric OID of one component (`2=x`) and OID components with leading zeros.
 * Rejected as libldap rejects them: an unescaped `*` in a `~=` `>=` `<=` or extensible value
 * (RFC 4515 excludes `*` from `valueencoding`; only the equality form turns it into a wildcard),
 * `(!)`, `(:dn:=x)`, and underscores in attribute names.
 * Accepted although libldap refuses it: an empty substring component (`cn=a**b`), which the
 * RFC 4515 grammar allows; it is kept as an empty `any` element so that nothing is lost.
 */
import type { AndFilter, Filter, NotFilter, OrFilter, SubstringsFilter } from './filter-ast.js';
import { DOT, describeAt, isDescriptionChar, isKeyChar, isSpace } from './filter-chars.js';
import { decodeEscapedValue, FilterSyntaxError, scanEscapedValue } from './filter-escape.js';
import { oidProblem } from './filter-oid-check.js';

export interface ParseFilterOptions {
  /** Deepest nesting accepted; `(uid=a)` is depth 1, `(&(uid=a))` depth 2. Default 64. */
  maxDepth?: number;
  /** Longest filter accepted, in UTF-16 code units. Default 1 MiB (1 048 576). */
  maxLength?: number;
}

const DEFAULT_MAX_DEPTH = 64;
const DEFAULT_MAX_LENGTH = 1024 * 1024;

const LPAREN = 0x28;
const RPAREN = 0x29;
const AMPERSAND = 0x26;
const VERTICAL_BAR = 0x7c;
const EXCLAMATION = 0x21;
const EQUALS = 0x3d;
const TILDE = 0x7e;
const GREATER = 0x3e;
const LESS = 0x3c;
const COLON = 0x3a;

function checkOid(text: string, start: number, end: number, allowOptions: boolean): void {
  const problem = oidProblem(text, start, end, allowOptions);
  if (problem) throw new FilterSyntaxError(problem.reason, text, problem.position);
}

interface ParsedItem {
  readonly filter: Filter;
  /** Index of the `)` that ends the item, or the end of the range for a bare item. */
  readonly end: number;
}

/**
 * Parses one item (simple, present, substrings or extensible) starting at `start`. For an item in
 * parentheses `open` is the index of its `(`; for a bare item it is -1.
 */
function parseItem(text: string, start: number, end: number, open: number): ParsedItem {
  let i = start;
  while (i < end && isDescriptionChar(text.charCodeAt(i))) i++;
  const attributeEnd = i;
  const c = i < end ? text.charCodeAt(i) : -1;

  let type: 'equality' | 'approx' | 'greaterOrEqual' | 'lessOrEqual' | 'extensible';
  let valueStart: number;
  if (c === EQUALS) {
    type = 'equality';
    valueStart = i + 1;
  } else if (c === TILDE || c === GREATER || c === LESS) {
    if (i + 1 >= end || text.charCodeAt(i + 1) !== EQUALS) {
      throw new FilterSyntaxError(
        `expected '=' after '${text[i]}', found ${describeAt(text, i + 1, end)}`,
        text,
        i + 1,
      );
    }
    type = c === TILDE ? 'approx' : c === GREATER ? 'greaterOrEqual' : 'lessOrEqual';
    valueStart = i + 2;
  } else if (c === COLON) {
    type = 'extensible';
    valueStart = -1;
  } else if (attributeEnd === start) {
    if (c === RPAREN && open < 0) {
      throw new FilterSyntaxError("unbalanced ')': the filter has no '(' for it to close", text, i);
    }
    if (c === RPAREN) throw new FilterSyntaxError("empty filter '()'", text, i);
    if (c !== -1 && isSpace(c)) throw new FilterSyntaxError("unexpected whitespace after '('", text, i);
    if (c === -1) throw new FilterSyntaxError(`missing ')' to close the '(' at position ${open}`, text, i);
    throw new FilterSyntaxError(
      `expected '&', '|', '!' or an attribute description, found ${describeAt(text, i, end)}`,
      text,
      i,
    );
  } else if (c === -1 || c === RPAREN) {
    throw new FilterSyntaxError(
      `missing filter type ('=', '~=', '>=', '<=' or ':=') after '${text.slice(start, attributeEnd)}'`,
      text,
      i,
    );
  } else if (isSpace(c)) {
    throw new FilterSyntaxError('unexpected whitespace in attribute description', text, i);
  } else {
    throw new FilterSyntaxError(
      `invalid character ${describeAt(text, i, end)} in attribute description`,
      text,
      i,
    );
  }

  let extensible: { attribute?: string; matchingRule?: string; dnAttributes: boolean } | undefined;
  if (type === 'extensible') {
    const head = parseExtensibleHead(text, start, attributeEnd, end);
    extensible = head.head;
    valueStart = head.valueStart;
  } else {
    checkOid(text, start, attributeEnd, true);
  }

  const stars: number[] | null = type === 'equality' ? [] : null;
  const valueEnd = scanEscapedValue(text, valueStart, end, stars);
  if (valueEnd < end && text.charCodeAt(valueEnd) !== RPAREN) {
    const operator = type === 'extensible' ? ':=' : text.slice(attributeEnd, valueStart);
    throw new FilterSyntaxError(
      `unescaped '*' in a '${operator}' value: only '=' takes wildcards; write \\2a for a literal '*'`,
      text,
      valueEnd,
    );
  }
  if (open < 0 && valueEnd < end) {
    throw new FilterSyntaxError("unbalanced ')': the filter has no '(' for it to close", text, valueEnd);
  }
  if (open >= 0 && valueEnd >= end) {
    throw new FilterSyntaxError(`missing ')' to close the '(' at position ${open}`, text, end);
  }

  const attribute = text.slice(start, attributeEnd);
  let filter: Filter;
  if (type === 'extensible') {
    filter = { type, ...extensible!, value: decodeEscapedValue(text, valueStart, valueEnd) };
  } else if (type !== 'equality') {
    filter = { type, attribute, value: decodeEscapedValue(text, valueStart, valueEnd) };
  } else if (stars === null || stars.length === 0) {
    filter = { type: 'equality', attribute, value: decodeEscapedValue(text, valueStart, valueEnd) };
  } else if (stars.length === 1 && valueEnd === valueStart + 1) {
    filter = { type: 'present', attribute };
  } else {
    filter = substrings(text, attribute, valueStart, valueEnd, stars);
  }
  return { filter, end: valueEnd };
}

function substrings(
  text: string,
  attribute: string,
  valueStart: number,
  valueEnd: number,
  stars: readonly number[],
): SubstringsFilter {
  const firstStar = stars[0]!;
  const lastStar = stars[stars.length - 1]!;
  const any: Buffer[] = [];
  for (let k = 1; k < stars.length; k++) {
    any.push(decodeEscapedValue(text, stars[k - 1]! + 1, stars[k]!));
  }
  return {
    type: 'substrings',
    attribute,
    ...(firstStar > valueStart ? { initial: decodeEscapedValue(text, valueStart, firstStar) } : {}),
    any,
    ...(lastStar + 1 < valueEnd ? { final: decodeEscapedValue(text, lastStar + 1, valueEnd) } : {}),
  };
}

/**
 * Parses `[:dn][:rule]:=` after the attribute (RFC 4515 `extensible`); `colon` is the index of
 * the first `:`. The keyword `dn` is matched without regard to case, as ABNF strings are.
 */
function parseExtensibleHead(
  text: string,
  start: number,
  colon: number,
  end: number,
): { head: { attribute?: string; matchingRule?: string; dnAttributes: boolean }; valueStart: number } {
  if (colon > start) checkOid(text, start, colon, true);
  let dnAttributes = false;
  let matchingRule: string | undefined;
  let i = colon;
  for (;;) {
    // text[i] is ':'
    if (i + 1 < end && text.charCodeAt(i + 1) === EQUALS) break;
    const segmentStart = i + 1;
    let j = segmentStart;
    while (j < end && (isKeyChar(text.charCodeAt(j)) || text.charCodeAt(j) === DOT)) j++;
    if (j === segmentStart) {
      throw new FilterSyntaxError(
        `expected 'dn', a matching rule or '=' after ':', found ${describeAt(text, j, end)}`,
        text,
        j,
      );
    }
    if (j >= end || text.charCodeAt(j) !== COLON) {
      throw new FilterSyntaxError(
        `expected ':=' in extensible match, found ${describeAt(text, j, end)}`,
        text,
        j,
      );
    }
    const segment = text.slice(segmentStart, j);
    if (!dnAttributes && matchingRule === undefined && segment.toLowerCase() === 'dn') {
      dnAttributes = true;
    } else if (matchingRule === undefined) {
      checkOid(text, segmentStart, j, false);
      matchingRule = segment;
    } else {
      throw new FilterSyntaxError(
        `unexpected ':${segment}' after the matching rule; expected ':='`,
        text,
        segmentStart - 1,
      );
    }
    i = j;
  }
  if (colon === start && matchingRule === undefined) {
    throw new FilterSyntaxError(
      'extensible match needs an attribute description or a matching rule',
      text,
      start,
    );
  }
  return {
    head: {
      ...(colon > start ? { attribute: text.slice(start, colon) } : {}),
      ...(matchingRule !== undefined ? { matchingRule } : {}),
      dnAttributes,
    },
    valueStart: i + 2,
  };
}

interface OpenComposite {
  readonly type: 'and' | 'or' | 'not';
  /** Index of its `(`. */
  readonly open: number;
  readonly filters: Filter[];
}

const OPERATOR_OF = { and: '&', or: '|', not: '!' } as const;

function closeComposite(frame: OpenComposite): AndFilter | OrFilter | NotFilter {
  if (frame.type === 'not') return { type: 'not', filter: frame.filters[0]! };
  return { type: frame.type, filters: frame.filters };
}

function parseParenthesized(text: string, start: number, end: number, maxDepth: number): Filter {
  const stack: OpenComposite[] = [];
  let i = start;
  for (;;) {
    // Here text[i] is the '(' of a filter.
    if (stack.length >= maxDepth) {
      throw new FilterSyntaxError(`filter nested deeper than maxDepth ${maxDepth}`, text, i);
    }
    const open = i;
    i++;
    const c = i < end ? text.charCodeAt(i) : -1;
    let done: Filter | undefined;
    if (c === AMPERSAND || c === VERTICAL_BAR || c === EXCLAMATION) {
      stack.push({ type: c === AMPERSAND ? 'and' : c === VERTICAL_BAR ? 'or' : 'not', open, filters: [] });
      i++;
    } else {
      const item = parseItem(text, i, end, open);
      done = item.filter;
      i = item.end + 1;
    }
    // Attach finished filters to their parents and close composites until a new '(' starts.
    for (;;) {
      if (done !== undefined) {
        const parent = stack[stack.length - 1];
        if (parent === undefined) {
          if (i < end) {
            const reason =
              text.charCodeAt(i) === RPAREN
                ? "unbalanced ')': the filter has no '(' for it to close"
                : `unexpected ${describeAt(text, i, end)} after the end of the filter`;
            throw new FilterSyntaxError(reason, text, i);
          }
          return done;
        }
        parent.filters.push(done);
        done = undefined;
      }
      const top = stack[stack.length - 1]!;
      while (i < end && isSpace(text.charCodeAt(i))) i++;
      const d = i < end ? text.charCodeAt(i) : -1;
      const operator = OPERATOR_OF[top.type];
      if (d === RPAREN) {
        if (top.type === 'not' && top.filters.length === 0) {
          throw new FilterSyntaxError("'!' needs exactly one filter, found none", text, i);
        }
        stack.pop();
        done = closeComposite(top);
        i++;
        continue;
      }
      if (d === LPAREN) {
        if (top.type === 'not' && top.filters.length === 1) {
          throw new FilterSyntaxError("'!' takes exactly one filter, found a second one", text, i);
        }
        break;
      }
      if (d === -1) {
        throw new FilterSyntaxError(
          `missing ')' to close the '(${operator}' at position ${top.open}`,
          text,
          i,
        );
      }
      throw new FilterSyntaxError(
        `expected '(' or ')' in '${operator}' filter, found ${describeAt(text, i, end)}`,
        text,
        i,
      );
    }
  }
}

function checkLimit(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value) || value < 1) {
    throw new RangeError(`parseFilter: ${name} must be a number ≥ 1, got ${String(value)}`);
  }
  return value;
}

/**
 * Parses an RFC 4515 filter string into a `Filter`. Values become raw octets: characters as
 * UTF-8, `\hh` escapes (either case) as the octet. See the module comment for what is accepted
 * beyond the RFC. Throws `FilterSyntaxError` with the reason and position of the first problem.
 */
export function parseFilter(filter: string, options: ParseFilterOptions = {}): Filter {
  if (typeof filter !== 'string') {
    throw new TypeError(`parseFilter: expected a string, got ${filter === null ? 'null' : typeof filter}`);
  }
  const maxDepth = checkLimit('maxDepth', options.maxDepth, DEFAULT_MAX_DEPTH);
  const maxLength = checkLimit('maxLength', options.maxLength, DEFAULT_MAX_LENGTH);
  if (filter.length > maxLength) {
    throw new FilterSyntaxError(
      `filter is ${filter.length} characters long, more than maxLength (${maxLength})`,
      filter,
      maxLength,
    );
  }
  let start = 0;
  let end = filter.length;
  while (start < end && isSpace(filter.charCodeAt(start))) start++;
  while (end > start && isSpace(filter.charCodeAt(end - 1))) end--;
  if (start === end) throw new FilterSyntaxError('empty filter', filter, start);
  if (filter.charCodeAt(start) === LPAREN) return parseParenthesized(filter, start, end, maxDepth);
  // A bare item, as ldapsearch accepts `uid=alice`; composites need their parentheses.
  const c = filter.charCodeAt(start);
  if (c === AMPERSAND || c === VERTICAL_BAR || c === EXCLAMATION) {
    throw new FilterSyntaxError(`'${filter[start]}' filter must be enclosed in parentheses`, filter, start);
  }
  return parseItem(filter, start, end, -1).filter;
}
