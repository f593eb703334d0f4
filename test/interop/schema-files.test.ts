// Every schema file Debian's slapd package ships, in both its forms (slapd.conf `.schema` and
// cn=config `.ldif`), reads without error and defines the same types and classes either way.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parseAttributeTypeDescription } from '../../src/core/attribute-type-description.js';
import { parseLdif } from '../../src/core/ldif-reader.js';
import { schemaFromLdif } from '../../src/core/ldif-schema.js';
import { parseObjectClassDescription } from '../../src/core/object-class-description.js';
import { parseOpenLdapSchemaFile } from '../../src/core/openldap-schema-file.js';

const dir = '/etc/ldap/schema';
const files = readdirSync(dir).filter((name) => name.endsWith('.schema'));

describe('the schema files slapd ships', () => {
  test('there are some (slapd is installed)', () => {
    expect(files).toContain('core.schema');
  });

  test.each(files)('%s and its .ldif define the same attribute types and classes', (name) => {
    const plain = parseOpenLdapSchemaFile(readFileSync(`${dir}/${name}`, 'utf8'), name);
    const ldifName = name.replace(/\.schema$/, '.ldif');
    const ldif = schemaFromLdif(
      parseLdif(readFileSync(`${dir}/${ldifName}`), { fileName: ldifName }),
      ldifName,
    );
    // The .ldif forms were rewritten by slapd (fields reordered, parentheses dropped): compare meaning.
    const types = (list: readonly { text: string }[]) =>
      list.map(({ text }) => {
        const { oid, names, syntax, sup, equality, singleValue } = parseAttributeTypeDescription(text);
        return { oid, names, syntax, sup, equality, singleValue };
      });
    const classes = (list: readonly { text: string }[]) =>
      list.map(({ text }) => {
        const { oid, names, kind, sup, must, may } = parseObjectClassDescription(text);
        return { oid, names, kind, sup, must, may };
      });
    expect(types(plain.attributeTypes)).toEqual(types(ldif.attributeTypes));
    expect(classes(plain.objectClasses)).toEqual(classes(ldif.objectClasses));
    expect(plain.attributeTypes.length + plain.objectClasses.length).toBeGreaterThan(0);
  });
});
