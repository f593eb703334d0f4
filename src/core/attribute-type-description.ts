/** The RFC 4512 AttributeTypeDescription (a subschema entry's `attributeTypes` value) and its parser. */
import { parseDescription, type SchemaExtensions } from './schema-description-reader.js';
import { SchemaSyntaxError } from './schema-syntax-error.js';

export type AttributeUsage =
  | 'userApplications'
  | 'directoryOperation'
  | 'distributedOperation'
  | 'dSAOperation';

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

const USAGES: ReadonlySet<string> = new Set([
  'userApplications',
  'directoryOperation',
  'distributedOperation',
  'dSAOperation',
]);

/**
 * Parses an RFC 4512 AttributeTypeDescription; throws SchemaSyntaxError. An attribute type needs
 * SUP or SYNTAX, NO-USER-MODIFICATION needs an operational USAGE and COLLECTIVE needs
 * userApplications (RFC 4512 §4.1.2).
 */
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
