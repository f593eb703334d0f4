/**
 * The package's own files (fixtures, schema): found from the folder that holds package.json
 * above this module, so the same code reads them from src/, from dist/ and from the bundled
 * chunks, whichever folder depth the code ends up at.
 */
import { existsSync } from 'node:fs';

let root: URL | undefined;

/** `fixtures/schema/openldap.schema` → its URL in this package. */
export function packageFile(path: string): URL {
  root ??= packageRoot();
  return new URL(path, root);
}

function packageRoot(): URL {
  let folder = new URL('.', import.meta.url);
  for (let depth = 0; depth < 8; depth++) {
    if (existsSync(new URL('package.json', folder)) && existsSync(new URL('fixtures/', folder)))
      return folder;
    folder = new URL('..', folder);
  }
  throw new Error(`ldapmock: no package.json with fixtures/ above ${import.meta.url}`);
}
