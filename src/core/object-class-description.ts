/** The RFC 4512 ObjectClassDescription (a subschema entry's `objectClasses` value) and its parser. */
import { parseDescription, type SchemaExtensions } from './schema-description-reader.js';

export type ObjectClassKind = 'ABSTRACT' | 'STRUCTURAL' | 'AUXILIARY';

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
