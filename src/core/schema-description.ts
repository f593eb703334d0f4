/**
 * Parser for RFC 4512 §4.1 schema descriptions: AttributeTypeDescription and
 * ObjectClassDescription, the strings a server publishes in its subschema entry
 * (`attributeTypes`, `objectClasses`) and that .schema files hold.
 *
 * Grammar notes (RFC 4512 §4.1 and §1.4):
 * - keywords are matched case-insensitively (ABNF literal strings are) and may come in any
 *   order, as slapd accepts them; a keyword given twice is an error;
 * - whitespace is any run of space, tab, CR or LF, so multi-line .schema definitions parse;
 * - qdstring escapes are `\27` (') and `\5C` (\); any other backslash is an error;
 * - an attribute type needs SUP or SYNTAX, NO-USER-MODIFICATION needs an operational USAGE and
 *   COLLECTIVE needs userApplications (RFC 4512 §4.1.2).
 */

export type AttributeUsage =
  | 'userApplications'
  | 'directoryOperation'
  | 'distributedOperation'
  | 'dSAOperation';
export type ObjectClassKind = 'ABSTRACT' | 'STRUCTURAL' | 'AUXILIARY';

/** Extension fields (`X-ORIGIN 'RFC 4519'`), name upper-cased as written, values unescaped. */
export type SchemaExtensions = Record<string, string[]>;

export interface AttributeTypeDescription {
  readonly oid: string;
  readonly names: string[];
  readonly desc?: string;
  readonly obsolete: boolean;
  readonly sup?: string;
  readonly equality?: string;
  readonly ordering?: string;
  readonly substr?: string;
  readonly syntax?: string;
  /** The `{len}` suffix of SYNTAX: a suggested upper bound, not enforced by servers. */
  readonly syntaxLength?: number;
  readonly singleValue: boolean;
  readonly collective: boolean;
  readonly noUserModification: boolean;
  readonly usage: AttributeUsage;
  readonly extensions: SchemaExtensions;
  /** The description as given, trimmed: what a subschema entry publishes. */
  readonly raw: string;
}

export interface ObjectClassDescription {
  readonly oid: string;
  readonly names: string[];
  readonly desc?: string;
  readonly obsolete: boolean;
  readonly sup: string[];
  /** STRUCTURAL when the description names no kind (RFC 4512 §4.1.1). */
  readonly kind: ObjectClassKind;
  readonly must: string[];
  readonly may: string[];
  readonly extensions: SchemaExtensions;
  readonly raw: string;
}

/** A malformed description: `reason` says what is wrong, `position` is the 0-based offset in `text`. */
export class SchemaSyntaxError extends Error {
  override readonly name = 'SchemaSyntaxError';
  readonly reason: string;
  readonly position: number;
  readonly text: string;

  constructor(what: string, text: string, position: number, reason: string) {
    super(`invalid ${what} description: ${reason} at position ${position} in ${quoteExcerpt(text)}`);
    this.reason = reason;
    this.position = position;
    this.text = text;
  }
}

/** Long descriptions (inetOrgPerson's MAY list) would drown the reason; keep the message readable. */
function quoteExcerpt(text: string): string {
  const max = 120;
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}

const USAGES: ReadonlySet<string> = new Set([
  'userApplications',
  'directoryOperation',
  'distributedOperation',
  'dSAOperation',
]);

// Each alternative consumes a disjoint first character, so these cannot backtrack.
const NUMERIC_OID = /^(?:0|[1-9][0-9]*)(?:\.(?:0|[1-9][0-9]*))+$/;
const DESCR = /^[A-Za-z][A-Za-z0-9-]*$/;
const NOIDLEN = /^((?:0|[1-9][0-9]*)(?:\.(?:0|[1-9][0-9]*))+)(?:\{([1-9][0-9]*)\})?$/;
const EXTENSION_NAME = /^X-[A-Za-z_-]+$/;

type TokenKind = '(' | ')' | '$' | 'word' | 'quoted';
interface Token {
  readonly kind: TokenKind;
  /** Word text, or the unescaped content of a quoted string. */
  readonly value: string;
  readonly position: number;
}

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/** Splits a description into tokens; quoted strings are unescaped here. */
function tokenize(text: string, fail: (position: number, reason: string) => never): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (isWhitespace(code)) {
      i++;
    } else if (code === 0x28 || code === 0x29 || code === 0x24) {
      tokens.push({ kind: text[i] as '(' | ')' | '$', value: text[i] as string, position: i });
      i++;
    } else if (code === 0x27) {
      const start = i;
      let value = '';
      let chunkStart = i + 1;
      i++;
      for (;;) {
        if (i >= text.length) fail(start, 'unterminated quoted string');
        const c = text.charCodeAt(i);
        if (c === 0x27) break;
        if (c === 0x5c) {
          const escaped = text.slice(i + 1, i + 3).toUpperCase();
          if (escaped !== '27' && escaped !== '5C') {
            fail(i, `invalid escape in quoted string (only \\27 and \\5C are allowed)`);
          }
          value += text.slice(chunkStart, i) + (escaped === '27' ? "'" : '\\');
          i += 3;
          chunkStart = i;
        } else {
          i++;
        }
      }
      value += text.slice(chunkStart, i);
      tokens.push({ kind: 'quoted', value, position: start });
      i++;
    } else {
      const start = i;
      while (i < text.length) {
        const c = text.charCodeAt(i);
        if (isWhitespace(c) || c === 0x28 || c === 0x29 || c === 0x24 || c === 0x27) break;
        i++;
      }
      tokens.push({ kind: 'word', value: text.slice(start, i), position: start });
    }
  }
  return tokens;
}

/** Cursor over the tokens of one description, with the grammar's building blocks. */
class DescriptionReader {
  private index = 0;
  private readonly tokens: Token[];

  constructor(
    private readonly what: string,
    private readonly text: string,
  ) {
    this.tokens = tokenize(text, (position, reason) => this.fail(position, reason));
  }

  fail(position: number, reason: string): never {
    throw new SchemaSyntaxError(this.what, this.text, position, reason);
  }

  private describe(token: Token | undefined): string {
    if (!token) return 'end of description';
    if (token.kind === 'quoted') return `quoted string '${token.value}'`;
    return `'${token.value}'`;
  }

  peek(): Token | undefined {
    return this.tokens[this.index];
  }

  next(expected: string): Token {
    const token = this.tokens[this.index];
    if (!token) this.fail(this.text.length, `expected ${expected} but found end of description`);
    this.index++;
    return token;
  }

  expectPunct(kind: '(' | ')'): Token {
    const token = this.next(`'${kind}'`);
    if (token.kind !== kind)
      this.fail(token.position, `expected '${kind}' but found ${this.describe(token)}`);
    return token;
  }

  /** After the closing parenthesis nothing may follow. */
  expectEnd(): void {
    const token = this.peek();
    if (token) this.fail(token.position, `unexpected ${this.describe(token)} after the closing ')'`);
  }

  numericOid(what: string): string {
    const token = this.next(what);
    if (token.kind !== 'word' || !NUMERIC_OID.test(token.value)) {
      this.fail(token.position, `expected ${what} (a numeric OID) but found ${this.describe(token)}`);
    }
    return token.value;
  }

  /** oid = descr / numericoid */
  oid(what: string): string {
    const token = this.next(what);
    if (token.kind !== 'word' || !(DESCR.test(token.value) || NUMERIC_OID.test(token.value))) {
      this.fail(token.position, `expected ${what} (a name or numeric OID) but found ${this.describe(token)}`);
    }
    return token.value;
  }

  /** oids = oid / ( LPAREN WSP oidlist WSP RPAREN ); oidlist = oid *( WSP DOLLAR WSP oid ) */
  oids(what: string): string[] {
    const first = this.peek();
    if (first?.kind !== '(') return [this.oid(what)];
    this.index++;
    const list = [this.oid(what)];
    for (;;) {
      const token = this.next(`'$' or ')'`);
      if (token.kind === ')') return list;
      if (token.kind !== '$')
        this.fail(token.position, `expected '$' or ')' but found ${this.describe(token)}`);
      list.push(this.oid(what));
    }
  }

  /** qdescrs = qdescr / ( LPAREN WSP qdescrlist WSP RPAREN ) */
  qdescrs(): string[] {
    const token = this.next('a quoted name');
    if (token.kind === 'quoted') return [this.checkDescr(token)];
    if (token.kind !== '(')
      this.fail(token.position, `expected a quoted name but found ${this.describe(token)}`);
    const names: string[] = [];
    for (;;) {
      const item = this.next(`a quoted name or ')'`);
      if (item.kind === ')') return names;
      if (item.kind !== 'quoted') {
        this.fail(item.position, `expected a quoted name or ')' but found ${this.describe(item)}`);
      }
      names.push(this.checkDescr(item));
    }
  }

  private checkDescr(token: Token): string {
    if (!DESCR.test(token.value)) {
      this.fail(
        token.position,
        `invalid name '${token.value}' (a name starts with a letter and has only letters, digits and '-')`,
      );
    }
    return token.value;
  }

  qdstring(what: string): string {
    const token = this.next(what);
    if (token.kind !== 'quoted')
      this.fail(token.position, `expected ${what} but found ${this.describe(token)}`);
    return token.value;
  }

  /** qdstrings = qdstring / ( LPAREN WSP qdstringlist WSP RPAREN ) */
  qdstrings(what: string): string[] {
    const token = this.next(what);
    if (token.kind === 'quoted') return [token.value];
    if (token.kind !== '(') this.fail(token.position, `expected ${what} but found ${this.describe(token)}`);
    const values: string[] = [];
    for (;;) {
      const item = this.next(`a quoted string or ')'`);
      if (item.kind === ')') return values;
      if (item.kind !== 'quoted') {
        this.fail(item.position, `expected a quoted string or ')' but found ${this.describe(item)}`);
      }
      values.push(item.value);
    }
  }

  /** noidlen = numericoid [ LCURLY len RCURLY ] */
  noidlen(): { syntax: string; length?: number } {
    const token = this.next('a syntax OID');
    const match = token.kind === 'word' ? NOIDLEN.exec(token.value) : null;
    if (!match) {
      this.fail(
        token.position,
        `expected a syntax OID (numeric OID with optional {length}) but found ${this.describe(token)}`,
      );
    }
    const syntax = match[1] as string;
    return match[2] === undefined ? { syntax } : { syntax, length: Number(match[2]) };
  }
}

/** Parses the fields common to both descriptions; `field` handles the kind-specific keywords. */
function parseDescription(
  what: string,
  text: string,
  field: (keyword: string, reader: DescriptionReader, token: Token) => boolean,
): { oid: string; names: string[]; desc?: string; obsolete: boolean; extensions: SchemaExtensions } {
  const reader = new DescriptionReader(what, text);
  reader.expectPunct('(');
  const oid = reader.numericOid('the OID');
  let names: string[] = [];
  let desc: string | undefined;
  let obsolete = false;
  const extensions: SchemaExtensions = {};
  const seen = new Set<string>();
  for (;;) {
    const token = reader.next(`a keyword or ')'`);
    if (token.kind === ')') break;
    if (token.kind !== 'word') reader.fail(token.position, `expected a keyword but found '${token.value}'`);
    const keyword = token.value.toUpperCase();
    if (seen.has(keyword)) reader.fail(token.position, `${keyword} given more than once`);
    seen.add(keyword);
    if (keyword === 'NAME') names = reader.qdescrs();
    else if (keyword === 'DESC') desc = reader.qdstring('a quoted description');
    else if (keyword === 'OBSOLETE') obsolete = true;
    else if (EXTENSION_NAME.test(token.value))
      extensions[keyword] = reader.qdstrings(`values for ${keyword}`);
    else if (!field(keyword, reader, token)) reader.fail(token.position, `unknown keyword '${token.value}'`);
  }
  reader.expectEnd();
  return desc === undefined
    ? { oid, names, obsolete, extensions }
    : { oid, names, desc, obsolete, extensions };
}

/** Parses an RFC 4512 AttributeTypeDescription; throws SchemaSyntaxError. */
export function parseAttributeTypeDescription(text: string): AttributeTypeDescription {
  const what = 'attribute type';
  // Filled by the keyword callback; an object because TypeScript does not track closure writes.
  const fields: {
    sup?: string;
    equality?: string;
    ordering?: string;
    substr?: string;
    syntax?: string;
    syntaxLength?: number;
  } = {};
  const flags = { singleValue: false, collective: false, noUserModification: false };
  const state: {
    usage: AttributeUsage;
    usageAt?: number;
    noUserModificationAt?: number;
    collectiveAt?: number;
  } = {
    usage: 'userApplications',
  };
  const common = parseDescription(what, text, (keyword, reader, token) => {
    switch (keyword) {
      case 'SUP':
        fields.sup = reader.oid('a supertype');
        return true;
      case 'EQUALITY':
        fields.equality = reader.oid('an equality matching rule');
        return true;
      case 'ORDERING':
        fields.ordering = reader.oid('an ordering matching rule');
        return true;
      case 'SUBSTR':
        fields.substr = reader.oid('a substrings matching rule');
        return true;
      case 'SYNTAX': {
        const { syntax, length } = reader.noidlen();
        fields.syntax = syntax;
        if (length !== undefined) fields.syntaxLength = length;
        return true;
      }
      case 'SINGLE-VALUE':
        flags.singleValue = true;
        return true;
      case 'COLLECTIVE':
        flags.collective = true;
        state.collectiveAt = token.position;
        return true;
      case 'NO-USER-MODIFICATION':
        flags.noUserModification = true;
        state.noUserModificationAt = token.position;
        return true;
      case 'USAGE': {
        const value = reader.next('a usage');
        if (value.kind !== 'word' || !USAGES.has(value.value)) {
          reader.fail(
            value.position,
            `invalid USAGE '${value.value}' (userApplications, directoryOperation, distributedOperation or dSAOperation)`,
          );
        }
        state.usage = value.value as AttributeUsage;
        state.usageAt = value.position;
        return true;
      }
      default:
        return false;
    }
  });
  if (fields.sup === undefined && fields.syntax === undefined) {
    throw new SchemaSyntaxError(what, text, 0, 'an attribute type needs SUP or SYNTAX');
  }
  if (state.noUserModificationAt !== undefined && state.usage === 'userApplications') {
    throw new SchemaSyntaxError(
      what,
      text,
      state.noUserModificationAt,
      'NO-USER-MODIFICATION requires an operational USAGE',
    );
  }
  if (state.collectiveAt !== undefined && state.usage !== 'userApplications') {
    throw new SchemaSyntaxError(
      what,
      text,
      state.usageAt ?? state.collectiveAt,
      'COLLECTIVE requires USAGE userApplications',
    );
  }
  return { ...common, ...fields, ...flags, usage: state.usage, raw: text.trim() };
}

/** Parses an RFC 4512 ObjectClassDescription; throws SchemaSyntaxError. */
export function parseObjectClassDescription(text: string): ObjectClassDescription {
  // Filled by the keyword callback; an object because TypeScript does not track closure writes.
  const fields: { sup: string[]; kind?: ObjectClassKind; must: string[]; may: string[] } = {
    sup: [],
    must: [],
    may: [],
  };
  const common = parseDescription('object class', text, (keyword, reader, token) => {
    switch (keyword) {
      case 'SUP':
        fields.sup = reader.oids('a superclass');
        return true;
      case 'ABSTRACT':
      case 'STRUCTURAL':
      case 'AUXILIARY':
        if (fields.kind !== undefined)
          reader.fail(token.position, `${keyword} conflicts with ${fields.kind}`);
        fields.kind = keyword;
        return true;
      case 'MUST':
        fields.must = reader.oids('a required attribute type');
        return true;
      case 'MAY':
        fields.may = reader.oids('an allowed attribute type');
        return true;
      default:
        return false;
    }
  });
  const { sup, kind, must, may } = fields;
  return { ...common, sup, kind: kind ?? 'STRUCTURAL', must, may, raw: text.trim() };
}
