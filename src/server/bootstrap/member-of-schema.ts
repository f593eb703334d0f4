/**
 * What slapd 2.5 refuses of olcMemberOfMemberOfAD (memberof-memberof-ad) once the schema is
 * known, with its own words (measured): a type it does not define (19), or one whose syntax is
 * neither DN nor Name and Optional UID (80) — slapo-memberof writes DNs into it.
 */
import { BootstrapError } from './bootstrap-error.js';
import type { ServerConfiguration } from './bootstrap-folder.js';

const DN_SYNTAXES = ['1.3.6.1.4.1.1466.115.121.1.12', '1.3.6.1.4.1.1466.115.121.1.34'];

/** What the check needs of the directory's schema. */
interface AttributeTypes {
  attributeType(name: string): { readonly known: boolean; readonly syntax?: string | undefined };
}

export function checkMemberOfSchema(schema: AttributeTypes, config: ServerConfiguration): void {
  const name = config.memberOfAttribute;
  if (name === undefined) return;
  const type = schema.attributeType(name);
  const problem = !type.known
    ? `<olcMemberOfMemberOfAD> invalid AttributeDescription 17 (attribute type undefined)`
    : !DN_SYNTAXES.includes(type.syntax ?? '')
      ? `memberof attribute="${name}" must either have DN (${DN_SYNTAXES[0]}) or nameUID (${DN_SYNTAXES[1]}) syntax`
      : undefined;
  if (problem) throw new BootstrapError([`olcMemberOfMemberOfAD ${name}: ${problem}`]);
}
