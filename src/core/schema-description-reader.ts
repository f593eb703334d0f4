/** The shared part of RFC 4512 schema description parsing: a token cursor and the common fields. */

// RFC 4512 §4.1 descriptions are the strings a server publishes in its subschema entry and that
// .schema files hold. Keywords are matched case-insensitively (ABNF literal strings are) and may
// come in any order, as slapd accepts them; a keyword given twice is an error (§4.1 and §1.4).
// Whitespace and quoting are the tokenizer's (schema-tokens.ts).
import { SchemaSyntaxError } from './schema-syntax-error.js';
import { type Token, tokenize } from './schema-tokens.js';

/** Extension fields (`X-ORIGIN 'RFC 4519'`), name upper-cased as written, values unescaped. */
export type SchemaExtensions = Record<string, string[]>;

// Each alternative consumes a disjoint first character, so these cannot backtrack.
const NUMERIC_OID = /^(?:0|[1-9][0-9]*)(?:\.(?:0|[1-9][0-9]*))+$/;
const DESCR = /^[A-Za-z][A-Za-z0-9-]*$/;
const NOIDLEN = /^((?:0|[1-9][0-9]*)(?:\.(?:0|[1-9][0-9]*))+)(?:\{([1-9][0-9]*)\})?$/;
const EXTENSION_NAME = /^X-[A-Za-z_-]+$/;

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
export function parseDescription(
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
