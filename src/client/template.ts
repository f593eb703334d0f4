/**
 * The subset of Go's text/template that OpenBao's `userfilter` and `groupfilter` use:
 * `{{.Field}}` substitutions in literal filter text.
 *
 * Supported: `{{.Name}}` (spaces, tabs and newlines allowed inside the braces), the trim markers
 * `{{- ` and ` -}}` (which remove the whitespace before / after the action, as in Go), and
 * comments `{{/* … *\/}}`. A chained field (`{{.A.B}}`) parses, as in Go, and fails when
 * rendered, because every value is a string. Go's other actions (`if`, `range`, pipelines,
 * functions, `{{.}}`) are rejected at compile time: no OpenBao filter needs them, and each would
 * be a way round the escaping of the substituted values.
 *
 * A template is parsed once by `compileTemplate`; `render` walks the parts and substitutes each
 * value exactly once, so a username that contains `{{.UserDN}}` stays literal text (chained
 * `String.replace` calls would substitute it again). Every value is escaped for a filter
 * (RFC 4515) before it is inserted; a field the data lacks fails at render time, as Go fails at
 * execution time for a field the data struct lacks.
 */
import { escapeFilterValue } from '../core/filter-escape.js';

/** Where a template problem is. `position` is a 0-based UTF-16 index into `template`. */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';
  readonly template: string;
  readonly position: number;
  /** 1-based line and column of `position`. */
  readonly line: number;
  readonly column: number;
  /** What is wrong, without the location. */
  readonly reason: string;
  /** `parse` when compiling, `render` when substituting values. */
  readonly phase: 'parse' | 'render';

  constructor(reason: string, template: string, position: number, phase: 'parse' | 'render' = 'parse') {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < position && i < template.length; i++) {
      if (template.charCodeAt(i) === 0x0a) {
        line++;
        lineStart = i + 1;
      }
    }
    const column = position - lineStart + 1;
    super(`${reason} at line ${line}, column ${column} (position ${position})`);
    this.template = template;
    this.position = position;
    this.line = line;
    this.column = column;
    this.reason = reason;
    this.phase = phase;
  }
}

/** Values substituted into a template, by field name (`{{.Username}}` reads `Username`). */
export type TemplateData = Readonly<Record<string, string>>;

export interface RenderOptions {
  /**
   * Hex-escape every octet ≥ 0x80 (`é` → `\c3\a9`), as go-ldap's `EscapeFilter` does, so the
   * filter string is pure ASCII. Default `true` (OpenBao's output, byte for byte). Pass `false`
   * to keep non-ASCII as raw UTF-8: the result still parses with `parseFilter` to the same
   * values, and suits clients that mis-encode `\xx` escapes ≥ 0x80 in filter strings (ldapts).
   */
  readonly escapeNonAscii?: boolean;
}

/** One piece of a compiled template. */
type Part =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'field'; readonly path: readonly string[]; readonly position: number };

export interface Template {
  /** The template text as given. */
  readonly source: string;
  /** Top-level field names the template reads, in order of first use, without duplicates. */
  readonly fields: readonly string[];
  /**
   * Substitutes `data` and returns the filter string. Throws `TemplateError` (phase `render`)
   * when a field is not in `data` or a chained field is used.
   */
  render(data: TemplateData, options?: RenderOptions): string;
}

const OPEN = '{{';
const CLOSE = '}}';

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function isIdentifierStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c > 0x7f;
}

function isIdentifierPart(c: number): boolean {
  return isIdentifierStart(c) || (c >= 0x30 && c <= 0x39);
}

function trimEndSpace(s: string): string {
  let end = s.length;
  while (end > 0 && isSpace(s.charCodeAt(end - 1))) end--;
  return s.slice(0, end);
}

/**
 * Reads the inside of one action, `source[start, end)` with the trim markers already removed,
 * and returns the field path, or null for a comment.
 */
function parseAction(source: string, start: number, end: number): string[] | null {
  let i = start;
  while (i < end && isSpace(source.charCodeAt(i))) i++;
  let stop = end;
  while (stop > i && isSpace(source.charCodeAt(stop - 1))) stop--;
  if (i === stop) throw new TemplateError('empty action {{}}: missing value', source, start);
  if (source.startsWith('/*', i)) {
    if (stop - i < 4 || !source.startsWith('*/', stop - 2)) {
      throw new TemplateError("comment must end with '*/' right before '}}'", source, i);
    }
    return null;
  }
  if (source.charCodeAt(i) !== 0x2e) {
    const word = source.slice(i, stop).split(/[\s(|]/, 1)[0] ?? '';
    throw new TemplateError(
      `unsupported action ${JSON.stringify(word)}: only field references such as {{.Username}} are supported`,
      source,
      i,
    );
  }
  const path: string[] = [];
  while (i < stop) {
    if (source.charCodeAt(i) !== 0x2e) {
      throw new TemplateError(
        `unexpected ${JSON.stringify(source[i])} in field reference: only {{.Name}} is supported (no arguments, pipelines or functions)`,
        source,
        i,
      );
    }
    i++;
    const nameStart = i;
    if (i >= stop || !isIdentifierStart(source.charCodeAt(i))) {
      throw new TemplateError(
        path.length === 0
          ? "'{{.}}' (the whole data) is not supported; name a field such as {{.Username}}"
          : "a '.' must be followed by a field name",
        source,
        nameStart - 1,
      );
    }
    while (i < stop && isIdentifierPart(source.charCodeAt(i))) i++;
    path.push(source.slice(nameStart, i));
  }
  return path;
}

/**
 * Parses `source` once. Throws `TemplateError` (phase `parse`) naming the position of an
 * unclosed action, an empty action, a malformed comment or an unsupported construct.
 */
export function compileTemplate(source: string): Template {
  if (typeof source !== 'string') {
    throw new TypeError(
      `compileTemplate: expected a string, got ${source === null ? 'null' : typeof source}`,
    );
  }
  const parts: Part[] = [];
  const fields: string[] = [];
  let text = '';
  let i = 0;
  // Set by a `-}}` marker: whitespace at the start of the next text is dropped.
  let trimNext = false;
  while (i < source.length) {
    const open = source.indexOf(OPEN, i);
    let chunk = source.slice(i, open < 0 ? source.length : open);
    if (trimNext) {
      let k = 0;
      while (k < chunk.length && isSpace(chunk.charCodeAt(k))) k++;
      chunk = chunk.slice(k);
      trimNext = false;
    }
    if (open < 0) {
      text += chunk;
      break;
    }
    let innerStart = open + OPEN.length;
    // `{{- ` trims: the dash must be followed by whitespace (`{{-3}}` is the number -3 in Go).
    if (source.charCodeAt(innerStart) === 0x2d && isSpace(source.charCodeAt(innerStart + 1))) {
      chunk = trimEndSpace(chunk);
      innerStart += 1;
    }
    text += chunk;
    const isComment = source.startsWith('/*', innerStart + countSpaces(source, innerStart));
    const close = isComment ? findCommentClose(source, innerStart) : source.indexOf(CLOSE, innerStart);
    if (close < 0) {
      throw new TemplateError(
        isComment ? 'unclosed comment' : 'unclosed action: no matching }}',
        source,
        open,
      );
    }
    let innerEnd = close;
    if (
      source.charCodeAt(close - 1) === 0x2d &&
      close - 2 >= innerStart &&
      isSpace(source.charCodeAt(close - 2))
    ) {
      innerEnd = close - 1;
      trimNext = true;
    }
    const path = parseAction(source, innerStart, innerEnd);
    if (path !== null) {
      if (text !== '') parts.push({ kind: 'text', text });
      text = '';
      parts.push({ kind: 'field', path, position: open });
      const top = path[0]!;
      if (!fields.includes(top)) fields.push(top);
    }
    i = close + CLOSE.length;
  }
  if (text !== '') parts.push({ kind: 'text', text });
  return new CompiledTemplate(source, parts, fields);
}

function countSpaces(s: string, i: number): number {
  let k = i;
  while (k < s.length && isSpace(s.charCodeAt(k))) k++;
  return k - i;
}

/** The `}}` that ends a comment: the first `*\/` followed (after optional ` -`) by `}}`. */
function findCommentClose(source: string, from: number): number {
  let i = source.indexOf('*/', from);
  while (i >= 0) {
    let k = i + 2;
    while (k < source.length && isSpace(source.charCodeAt(k))) k++;
    if (source.charCodeAt(k) === 0x2d) k++;
    if (source.startsWith(CLOSE, k)) return k;
    i = source.indexOf('*/', i + 2);
  }
  return -1;
}

class CompiledTemplate implements Template {
  readonly source: string;
  readonly fields: readonly string[];
  readonly #parts: readonly Part[];

  constructor(source: string, parts: readonly Part[], fields: readonly string[]) {
    this.source = source;
    this.#parts = parts;
    this.fields = fields;
  }

  render(data: TemplateData, options?: RenderOptions): string {
    const escapeNonAscii = options?.escapeNonAscii ?? true;
    let out = '';
    for (const part of this.#parts) {
      if (part.kind === 'text') {
        out += part.text;
        continue;
      }
      const name = part.path[0]!;
      // Own properties only: `{{.constructor}}` must not reach Object.prototype.
      const value = Object.hasOwn(data, name) ? data[name] : undefined;
      if (typeof value !== 'string') {
        const known = Object.keys(data).map((k) => `.${k}`);
        throw new TemplateError(
          `can't evaluate field ${name}: the data has ${known.length === 0 ? 'no fields' : known.join(', ')}`,
          this.source,
          part.position,
          'render',
        );
      }
      if (part.path.length > 1) {
        throw new TemplateError(
          `can't evaluate field ${part.path[1]} in type string (.${name} is a string)`,
          this.source,
          part.position,
          'render',
        );
      }
      out += escapeFilterValue(value, { escapeNonAscii });
    }
    return out;
  }
}
