/**
 * The README's TypeScript examples are the exact text of the test files beside this one (each
 * block follows a `<!-- the code of FILE … -->` line): those files run, so the README's code does.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';

const root = new URL('../../../', import.meta.url);
const readme = readFileSync(new URL('README.md', root), 'utf8');
const blocks = [...readme.matchAll(/<!-- the code of (\S+), run by npm test -->\n```ts\n([\s\S]*?)\n```/g)];

test('every marked block is its file, and every readme example file is in the README', () => {
  expect(blocks.map((block) => block[1])).toEqual([
    'test/integration/readme/in-tests.test.ts',
    'test/integration/readme/matchers.test.ts',
    'test/integration/readme/authenticator.test.ts',
    'test/integration/readme/conformance.test.ts',
    'test/integration/readme/property.test.ts',
  ]);
  for (const [, file, code] of blocks) {
    expect(`${code}\n`, file).toBe(readFileSync(new URL(file!, root), 'utf8'));
  }
});
