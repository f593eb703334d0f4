// Every schema file Debian's slapd package ships, in both its forms (slapd.conf `.schema` and
// cn=config `.ldif`), reads without error and defines the same types and classes either way.
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Attribute, Change, Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { freePort } from '../../bench/free-port.js';
import { parseAttributeTypeDescription } from '../../src/core/attribute-type-description.js';
import { parseLdif } from '../../src/core/ldif-reader.js';
import { schemaFromLdif } from '../../src/core/ldif-schema.js';
import { parseObjectClassDescription } from '../../src/core/object-class-description.js';
import { parseOpenLdapSchemaFile } from '../../src/core/openldap-schema-file.js';
import { readSchemaSource } from '../../src/core/schema-source.js';
import { extendSchema } from '../../src/server/directory/schema-extension.js';
import { openldapSchema } from '../../src/server/directory/schema-openldap.js';
import { type MockServer, startMockServer } from '../../src/server/index.js';
import { REPO_ROOT, runScript } from './run-script.js';
import { DEFAULT_OPENLDAP_LDIF, type SlapdInstance, startSlapdForSuite } from './slapd.js';

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

// Each schema file Debian ships, loaded into a real slapd configured as the openldap profile
// (core, cosine, nis, inetorgperson, the memberof and ppolicy overlays; SLAPD_SCHEMA) and into
// the mock with `schema: [file]`: taken by both, or refused by both for the same reason.
describe('every schema file slapd ships, in slapd and in the mock', () => {
  /** 'accepted' or the reason slapd gives (what follows `attributetype: ` or `objectclass: `). */
  async function real(file: string): Promise<string> {
    const slapdDir = join(tmpdir(), `ldapmock-interop-schema-${process.pid}`);
    const port = await freePort();
    let ldapsPort = await freePort();
    while (ldapsPort === port) ldapsPort = await freePort();
    const env = {
      SLAPD_DIR: slapdDir,
      SLAPD_PORT: String(port),
      SLAPD_LDAPS_PORT: String(ldapsPort),
      SLAPD_SCHEMA: file,
    };
    const started = await runScript('slapd-up.sh', [DEFAULT_OPENLDAP_LDIF], env);
    await runScript('slapd-down.sh', [], { SLAPD_DIR: slapdDir });
    if (started.ok) return 'accepted';
    const reason =
      /(?:attributetype|objectclass|olcAttributeTypes|olcObjectClasses): (?:value #\d+ olc\w+: )?(.*)$/m.exec(
        started.output,
      )?.[1];
    if (!reason) throw new Error(`slapd-up.sh failed for another reason:\n${started.output}`);
    return reason;
  }

  function mock(file: string): string {
    try {
      extendSchema(openldapSchema, [{ file, source: readSchemaSource(readFileSync(file), file) }]);
      return 'accepted';
    } catch (error) {
      return (error as Error).message.replace(/^.*?: (?:attributetype|objectclass): /, '');
    }
  }

  test.each(files)('%s', async (name) => {
    const file = `${dir}/${name}`;
    const [fromSlapd, fromMock] = [await real(file), mock(file)];
    // slapadd prints the OID of a duplicate it finds in cn=config as raw bytes: compare the rest.
    const comparable = (reason: string) => reason.replace(/^(Duplicate attributeType: ).*$/, '$1…');
    expect(comparable(fromMock)).toBe(comparable(fromSlapd));
  });

  test('what they refuse is what slapd has built in (the four files it loads, memberOf)', async () => {
    expect(mock(`${dir}/core.schema`)).toBe('Duplicate attributeType: "2.5.4.2"');
    expect(mock(`${dir}/msuser.schema`)).toBe('Duplicate attributeType: "1.2.840.113556.1.2.102"');
  });
});

// The same application schema file in a real slapd (SLAPD_SCHEMA: slaptest converts it, as for a
// cn=config server) and in the mock (`schema: [file]`, in both its forms): the same operations get
// the same codes, texts and entries, and cn=Subschema lists the same values.
describe("an application's schema file in slapd and in the mock", () => {
  const appSchema = join(REPO_ROOT, 'examples/schema/app.schema');
  let slapd: SlapdInstance;
  const mocks: MockServer[] = [];

  beforeAll(async () => {
    slapd = await startSlapdForSuite('app-schema', { schema: [appSchema] });
    for (const form of ['app.schema', 'app.ldif']) {
      mocks.push(
        await startMockServer({ schema: [join(REPO_ROOT, 'examples/schema', form)], ldapsPort: null }),
      );
    }
  });
  afterAll(async () => {
    await Promise.all(mocks.map((m) => m.stop()));
    await slapd?.stop();
  });

  const BASE = 'dc=example,dc=org';
  const PEOPLE = `ou=people,${BASE}`;
  const attrs = (record: Record<string, string | string[]>) =>
    Object.entries(record).map(
      ([type, values]) => new Attribute({ type, values: ([] as string[]).concat(values) }),
    );

  /** One step and how it came out: `code text` (0 for success) and, for a search, the DNs found. */
  type Step = (client: Client) => Promise<unknown>;
  const steps: [string, Step][] = [
    [
      'add device',
      (c) =>
        c.add(
          `cn=dev1,${PEOPLE}`,
          attrs({ objectClass: 'appDevice', cn: 'dev1', appTenant: 'acme', appLevel: '3' }),
        ),
    ],
    [
      'add device without MUST',
      (c) => c.add(`cn=dev2,${PEOPLE}`, attrs({ objectClass: 'appDevice', cn: 'dev2' })),
    ],
    [
      'add undefined attribute',
      (c) =>
        c.add(
          `cn=dev3,${PEOPLE}`,
          attrs({ objectClass: 'appDevice', cn: 'dev3', appTenant: 'a', appFoo: 'x' }),
        ),
    ],
    [
      'add wrong syntax (integer)',
      (c) =>
        c.add(
          `cn=dev4,${PEOPLE}`,
          attrs({ objectClass: 'appDevice', cn: 'dev4', appTenant: 'a', appLevel: 'high' }),
        ),
    ],
    [
      'add two values of a single-valued type',
      (c) =>
        c.add(
          `cn=dev5,${PEOPLE}`,
          attrs({ objectClass: 'appDevice', cn: 'dev5', appTenant: 'a', appLevel: ['1', '2'] }),
        ),
    ],
    [
      'add user with auxiliary class',
      (c) =>
        c.add(
          `uid=u1,${PEOPLE}`,
          attrs({
            objectClass: ['inetOrgPerson', 'appUser'],
            uid: 'u1',
            cn: 'u1',
            sn: 'u1',
            appRole: 'admin',
            appRank: '7',
            appEnabled: 'TRUE',
          }),
        ),
    ],
    [
      'add auxiliary without its MUST',
      (c) =>
        c.add(
          `uid=u2,${PEOPLE}`,
          attrs({ objectClass: ['inetOrgPerson', 'appUser'], uid: 'u2', cn: 'u2', sn: 'u2' }),
        ),
    ],
    [
      'add auxiliary class only',
      (c) => c.add(`uid=u3,${PEOPLE}`, attrs({ objectClass: 'appUser', uid: 'u3', appRole: 'x' })),
    ],
    [
      'add attribute of a class not given',
      (c) =>
        c.add(
          `uid=u4,${PEOPLE}`,
          attrs({ objectClass: 'inetOrgPerson', uid: 'u4', cn: 'u4', sn: 'u4', appRole: 'x' }),
        ),
    ],
    [
      'add wrong syntax (boolean)',
      (c) =>
        c.add(
          `uid=u5,${PEOPLE}`,
          attrs({
            objectClass: ['inetOrgPerson', 'appUser'],
            uid: 'u5',
            cn: 'u5',
            sn: 'u5',
            appRole: 'x',
            appEnabled: 'yes',
          }),
        ),
    ],
    [
      'modify: second value of a single-valued type',
      (c) =>
        c.modify(
          `cn=dev1,${PEOPLE}`,
          new Change({ operation: 'add', modification: new Attribute({ type: 'appLevel', values: ['4'] }) }),
        ),
    ],
    [
      'modify: delete a MUST',
      (c) =>
        c.modify(
          `cn=dev1,${PEOPLE}`,
          new Change({ operation: 'delete', modification: new Attribute({ type: 'appTenant', values: [] }) }),
        ),
    ],
    [
      'modify: add the auxiliary class to alice',
      (c) =>
        c.modify(`uid=alice,${PEOPLE}`, [
          new Change({
            operation: 'add',
            modification: new Attribute({ type: 'objectClass', values: ['appUser'] }),
          }),
          new Change({
            operation: 'add',
            modification: new Attribute({ type: 'appRole', values: ['Auditor'] }),
          }),
        ]),
    ],
    ['compare appRank', (c) => c.compare(`uid=u1,${PEOPLE}`, 'appRank', '7')],
    [
      'search extensible caseIgnoreMatch',
      (c) => c.search(BASE, { filter: '(appRole:caseIgnoreMatch:=ADMIN)', attributes: ['1.1'] }),
    ],
    ['search ordering', (c) => c.search(BASE, { filter: '(appLevel>=5)', attributes: ['appLevel'] })],
    ['search substring', (c) => c.search(BASE, { filter: '(appRole=aud*)', attributes: ['appRole'] })],
    ['search on the supertype name', (c) => c.search(BASE, { filter: '(name=acme)', attributes: ['1.1'] })],
    [
      'search integerBitAndMatch',
      (c) => c.search(BASE, { filter: '(appLevel:1.2.840.113556.1.4.803:=2)', attributes: ['1.1'] }),
    ],
    ['search boolean', (c) => c.search(BASE, { filter: '(appEnabled=TRUE)', attributes: ['appEnabled'] })],
  ];

  async function run(url: string): Promise<string[]> {
    const client = new Client({ url });
    await client.bind(`cn=admin,${BASE}`, 'admin');
    const out: string[] = [];
    try {
      for (const [name, step] of steps) {
        try {
          const result = await step(client);
          const found =
            result && typeof result === 'object' && 'searchEntries' in result
              ? (result as { searchEntries: { dn: string; [k: string]: unknown }[] }).searchEntries
                  .map(({ dn, '1.1': _none, ...rest }) => `${dn} ${JSON.stringify(rest)}`)
                  .sort()
              : [];
          out.push(
            `${name}: 0 ${result === true ? 'compareTrue' : result === false ? 'compareFalse' : ''}${found.join('; ')}`,
          );
        } catch (error) {
          const { code, message } = error as { code: number; message: string };
          out.push(`${name}: ${code} ${message.replace(/ ?Code: 0x[0-9a-f]+$/, '')}`);
        }
      }
    } finally {
      await client.unbind();
    }
    return out;
  }

  async function subschema(url: string): Promise<Record<string, string[]>> {
    const client = new Client({ url });
    try {
      const { searchEntries } = await client.search('cn=Subschema', {
        scope: 'base',
        filter: '(objectClass=*)',
        attributes: ['attributeTypes', 'objectClasses', 'matchingRuleUse'],
      });
      const entry = searchEntries[0]!;
      const list = (kind: string) => ([] as string[]).concat(entry[kind] as string | string[]);
      return {
        attributeTypes: list('attributeTypes'),
        objectClasses: list('objectClasses'),
        matchingRuleUse: list('matchingRuleUse'),
      };
    } finally {
      await client.unbind();
    }
  }

  test('the same writes, compares and searches come out the same (as the .schema and cn=config forms)', async () => {
    const real = await run(slapd.url);
    // What slapd answers, spelled out, so the comparison cannot pass on two equal mistakes.
    expect(real).toContain(
      "add device without MUST: 65 object class 'appDevice' requires attribute 'appTenant'",
    );
    expect(real).toContain('add undefined attribute: 17 appFoo: attribute type undefined');
    expect(real).toContain('add wrong syntax (integer): 21 appLevel: value #0 invalid per syntax');
    expect(real).toContain('add two values of a single-valued type: 19 appLevel: multiple values provided');
    expect(real).toContain('add auxiliary class only: 65 no structural object class provided');
    expect(real).toContain("add attribute of a class not given: 65 attribute 'appRole' not allowed");
    expect(real).toContain(`search on the supertype name: 0 cn=dev1,${PEOPLE} {}`);
    for (const mock of mocks) expect(await run(mock.url)).toEqual(real);
  });

  test('cn=Subschema: the same attributeTypes, objectClasses and matchingRuleUse, value for value', async () => {
    const real = await subschema(slapd.url);
    expect(real['attributeTypes']!.filter((v) => v.includes('99999'))).toHaveLength(4);
    for (const mock of mocks) expect(await subschema(mock.url)).toEqual(real);
  });
});
