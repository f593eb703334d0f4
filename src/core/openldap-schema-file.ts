/**
 * OpenLDAP's schema files in slapd.conf form (`/etc/ldap/schema/*.schema`): `attributetype`,
 * `objectclass`, `objectidentifier` and `ldapsyntax` statements, a statement continued on lines
 * that start with white space, `#` comments. OID macros (`objectidentifier MyAttrs MyRoot:1`,
 * then `( MyAttrs:3 NAME …`) are expanded, so the descriptions come out with numeric OIDs.
 */
import { parseAttributeTypeDescription } from './attribute-type-description.js';
import { parseObjectClassDescription } from './object-class-description.js';
import { SchemaSyntaxError } from './schema-syntax-error.js';

/** RFC 4512 descriptions by kind, each with the line its statement starts on. */
export interface SchemaDefinitions {
  readonly attributeTypes: readonly LocatedDescription[];
  readonly objectClasses: readonly LocatedDescription[];
  readonly ldapSyntaxes: readonly LocatedDescription[];
}

export interface LocatedDescription {
  readonly text: string;
  /** 1-based line of the statement (or LDIF record) in its file. */
  readonly line: number;
}

/** A schema file that cannot be read: `file:line: reason`. */
export class SchemaFileError extends Error {
  override readonly name = 'SchemaFileError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
  }
}

const KEYWORDS = ['attributetype', 'objectclass', 'objectidentifier', 'ldapsyntax'] as const;

export function parseOpenLdapSchemaFile(text: string, file = 'schema'): SchemaDefinitions {
  const macros = new OidMacros(file);
  const out = {
    attributeTypes: [] as LocatedDescription[],
    objectClasses: [] as LocatedDescription[],
    ldapSyntaxes: [] as LocatedDescription[],
  };
  for (const { text: statement, line } of statements(text)) {
    const keyword = /^\S+/.exec(statement)![0];
    const rest = statement.slice(keyword.length).trim();
    switch (canonicalKeyword(keyword)) {
      case 'objectidentifier':
        macros.define(rest, line);
        break;
      case 'attributetype':
        out.attributeTypes.push(
          checkedDescription(file, line, macros.expand(rest, line), parseAttributeTypeDescription),
        );
        break;
      case 'objectclass':
        out.objectClasses.push(
          checkedDescription(file, line, macros.expand(rest, line), parseObjectClassDescription),
        );
        break;
      case 'ldapsyntax':
        out.ldapSyntaxes.push({ text: macros.expand(rest, line), line });
        break;
      default:
        throw new SchemaFileError(
          file,
          line,
          `unknown keyword '${keyword}'; expected one of ${KEYWORDS.join(', ')}`,
        );
    }
  }
  return out;
}

/**
 * slapd matches keywords case-insensitively, and `attributetype` by its first nine letters: it
 * loads dsee.schema's `attributeype` and takes `attributetypes` (measured with slaptest 2.5).
 */
function canonicalKeyword(keyword: string): string {
  const lower = keyword.toLowerCase();
  return lower.startsWith('attribute') ? 'attributetype' : lower;
}

/** Statements with the line each starts on: continuation lines joined, comments and blank lines dropped. */
function statements(text: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    if (raw.trim() === '' || raw.startsWith('#')) return;
    const last = out.at(-1);
    if (/^\s/.test(raw) && last) last.text += ` ${raw.trim()}`;
    else out.push({ text: raw.trim(), line: index + 1 });
  });
  return out;
}

/** Parses the description to locate a syntax error at its statement; returns it as written. */
export function checkedDescription(
  file: string,
  line: number,
  text: string,
  parse: (text: string) => unknown,
): LocatedDescription {
  try {
    parse(text);
  } catch (error) {
    if (error instanceof SchemaSyntaxError) throw new SchemaFileError(file, line, error.message);
    throw error;
  }
  return { text, line };
}

/**
 * slapd's OID macros: `name oid` or `name othername:suffix`. A macro stands for an OID where a
 * description names one — its own OID and SYNTAX — as `name` or `name:suffix`.
 */
export class OidMacros {
  private readonly oids = new Map<string, string>();

  constructor(private readonly file: string) {}

  define(definition: string, line: number): void {
    const [name, value, extra] = definition.split(/\s+/);
    if (!name || !value || extra !== undefined) {
      throw new SchemaFileError(
        this.file,
        line,
        `objectidentifier needs a name and an OID, got '${definition}'`,
      );
    }
    this.oids.set(name.toLowerCase(), this.resolve(value, line));
  }

  /**
   * The description with its leading OID and SYNTAX OID expanded. slapd also takes a quoted
   * SYNTAX OID (dyngroup.schema and msuser.schema write `SYNTAX '1.3.6…'`); RFC 4512 does not,
   * so the quotes go.
   */
  expand(description: string, line: number): string {
    return description
      .replace(/^\(\s*(\S+)/, (_m, oid: string) => `( ${this.resolve(oid, line)}`)
      .replace(
        /(\sSYNTAX\s+)'?([^\s'{)]+)'?/i,
        (_m, keyword: string, oid: string) => keyword + this.resolve(oid, line),
      );
  }

  private resolve(oid: string, line: number): string {
    if (/^\d+(\.\d+)*$/.test(oid)) return oid;
    const colon = oid.indexOf(':');
    const name = colon < 0 ? oid : oid.slice(0, colon);
    const base = this.oids.get(name.toLowerCase());
    if (base === undefined) {
      // A name that is not a macro stays: RFC 4512 descriptions may use descr for an OID.
      if (colon < 0) return oid;
      throw new SchemaFileError(this.file, line, `OID macro '${name}' is not defined (objectidentifier)`);
    }
    return colon < 0 ? base : `${base}.${oid.slice(colon + 1)}`;
  }
}
