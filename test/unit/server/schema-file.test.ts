import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { readSchemaFile } from '../../../src/server/directory/schema-file.js';

function schemaFile(text: string): URL {
  const path = join(mkdtempSync(join(tmpdir(), 'ldapmock-schema-')), 'test.schema');
  writeFileSync(path, text);
  return pathToFileURL(path);
}

describe('readSchemaFile', () => {
  test('keeps each kind in file order and skips comments and blank lines', () => {
    const file = schemaFile(
      "# header\nobjectClasses: ( 2.5.6.0 NAME 'top' )\n\nattributeTypes: ( 2 )\nobjectClasses: ( 1 )\n",
    );
    expect(readSchemaFile(file, ['attributeTypes', 'objectClasses'])).toEqual({
      attributeTypes: ['( 2 )'],
      objectClasses: ["( 2.5.6.0 NAME 'top' )", '( 1 )'],
    });
  });

  test('a line of an unknown kind is an error naming the file and line, not a dropped definition', () => {
    const file = schemaFile('attributeTypes: ( 1 )\nattributeType: ( 2 )\n');
    expect(() => readSchemaFile(file, ['attributeTypes'])).toThrow(
      /test\.schema:2: expected '<kind>: <definition>'/,
    );
  });
});
