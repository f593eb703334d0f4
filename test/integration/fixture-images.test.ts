/**
 * The built package starts a server from what the build wrote to dist/images/: the profile's
 * schema parsed (schema-image.ts), and an embedded fixture's directory (fixture-image.ts), the
 * latter only while the fixture is the one it was made from. Run on a copy of the package whose
 * images are altered, so that what is served shows where it came from.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PROFILE_NAMES } from '../../src/server/profiles/registry.js';
import { copyBuiltPackage } from './built-package-copy.js';
import { REPO_ROOT } from './cli-process.js';

let copy: string;
const alice = 'uid=alice,ou=people,dc=example,dc=org';

beforeAll(() => {
  copy = copyBuiltPackage('ldapmock-images-');
});
afterAll(() => rmSync(copy, { recursive: true, force: true }));

/** What `expression` (of `server`) is on a server the copy starts with `options`, in a process of its own. */
function served(expression: string, options: object = {}): string {
  const script = `
    const { startMockServer } = await import(${JSON.stringify(pathToFileURL(join(copy, 'dist/server/index.js')).href)});
    const server = await startMockServer({ ldapsPort: null, ...${JSON.stringify(options)} });
    process.stdout.write(String(${expression}));
    await server.stop();`;
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
}
const servedCn = () => served(`server.directory.get(${JSON.stringify(alice)}).first('cn')`);

describe('the built package', () => {
  test('has images of every profile’s schema and embedded fixture', () => {
    for (const name of PROFILE_NAMES) {
      const image = JSON.parse(readFileSync(join(REPO_ROOT, 'dist/images', `${name}.json`), 'utf8'));
      expect(image.profile).toBe(name);
      expect(image.entries.length).toBeGreaterThan(100);
      const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'dist/images', `${name}.schema.json`), 'utf8'));
      expect(schema.attributeTypes.length).toBeGreaterThan(100);
    }
  });

  test('parses its schema from the image, whatever the data', () => {
    const file = join(copy, 'dist/images/openldap.schema.json');
    const image = JSON.parse(readFileSync(file, 'utf8'));
    const cn = image.attributeTypes.find((d: { names: string[] }) => d.names.includes('cn'));
    cn.names.push('fromTheImage');
    writeFileSync(file, JSON.stringify(image));
    const known = "server.directory.schema.attributeType('fromTheImage').known";
    expect(served(known)).toBe('true');
    expect(served(known, { ldif: ['dn: dc=example,dc=org\nobjectClass: domain\ndc: example\n'] })).toBe(
      'true',
    );
  });

  test('serves the embedded fixture from its image, and loads the fixture once it is edited', () => {
    const file = join(copy, 'dist/images/openldap.json');
    const image = readFileSync(file, 'utf8');
    expect(image).toContain('"Alice Liddell"');
    writeFileSync(file, image.replace('"Alice Liddell"', '"Alice From The Image"'));
    expect(servedCn()).toBe('Alice From The Image');

    const fixture = join(copy, 'fixtures/openldap/default.ldif');
    writeFileSync(fixture, `${readFileSync(fixture, 'utf8')}\n# edited\n`);
    expect(servedCn()).toBe('Alice Liddell');
  });
});
