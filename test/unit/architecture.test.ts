// The house rules of ARCHITECTURE.md, checked on the source itself: which folder may import
// which, no runtime import cycle, the BER and profile-name rules, and the size of a file.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const src = join(root, 'src');

interface SourceFile {
  /** Path below src/, with forward slashes: `server/wire/connection.ts`. */
  readonly path: string;
  readonly text: string;
  readonly imports: readonly { readonly specifier: string; readonly typeOnly: boolean }[];
}

function sourceFiles(dir = src): SourceFile[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    if (!entry.name.endsWith('.ts')) return [];
    const text = readFileSync(full, 'utf8');
    return [{ path: relative(src, full).split('\\').join('/'), text, imports: importsOf(text) }];
  });
}

function importsOf(text: string): SourceFile['imports'] {
  const found: { specifier: string; typeOnly: boolean }[] = [];
  const statement = /^(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;
  for (const m of text.matchAll(statement)) found.push({ specifier: m[3]!, typeOnly: m[2] !== undefined });
  for (const m of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    found.push({ specifier: m[1]!, typeOnly: false });
  }
  return found;
}

/** The src-relative .ts path a relative specifier names, or undefined for a package. */
function target(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const path = join(dirname(from), specifier).split('\\').join('/');
  return path.endsWith('.js') ? `${path.slice(0, -3)}.ts` : path;
}

const files = sourceFiles();
const area = (path: string) => path.split('/')[0]!;
/** `server/engine`, `server/(top)`, `client/errors`, … */
const folder = (path: string) => {
  const parts = path.split('/');
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : `${parts[0]}/(top)`;
};

/** What each top-level folder may import (besides itself). */
const AREA_IMPORTS: Readonly<Record<string, readonly string[]>> = {
  core: [],
  client: ['core'],
  server: ['core'],
  matchers: ['core', 'server'],
  capture: ['core', 'client', 'server'],
  conformance: ['core', 'client', 'server'],
  cli: ['core', 'client', 'server', 'conformance', 'capture'],
};

/** Inside server/: each folder's allowed neighbours, lowest layer first. */
const SERVER_IMPORTS: Readonly<Record<string, readonly string[]>> = {
  'server/tls': [],
  'server/directory': ['server/(top)'],
  'server/access': [],
  'server/wire': ['server/(top)'],
  'server/matching': ['server/directory', 'server/(top)'],
  'server/accounts': ['server/directory', 'server/matching', 'server/(top)'],
  'server/profiles': ['server/accounts', 'server/directory', 'server/matching', 'server/(top)'],
  'server/journal': ['server/(top)'],
  // accounts: a rootpw is checked and hashed as a userPassword is (root-password.ts).
  'server/bootstrap': [
    'server/access',
    'server/accounts',
    'server/profiles',
    'server/engine',
    'server/wire',
    'server/(top)',
  ],
  'server/engine': [
    'server/access',
    'server/accounts',
    'server/directory',
    'server/matching',
    'server/profiles',
    'server/journal',
    'server/(top)',
  ],
  'server/layers': ['server/profiles', 'server/journal', 'server/(top)'],
  'server/control': ['server/engine', 'server/layers', 'server/journal', 'server/(top)'],
};

describe('imports', () => {
  test('every folder imports only the folders below it', () => {
    const breaches: string[] = [];
    for (const file of files) {
      for (const { specifier } of file.imports) {
        const to = target(file.path, specifier);
        if (to === undefined) continue;
        const [a, b] = [area(file.path), area(to)];
        if (a !== b && !AREA_IMPORTS[a]?.includes(b)) breaches.push(`${file.path} → ${to}`);
        const allowed = SERVER_IMPORTS[folder(file.path)];
        if (a === 'server' && b === 'server' && allowed && folder(to) !== folder(file.path)) {
          if (!allowed.includes(folder(to))) breaches.push(`${file.path} → ${to}`);
        }
      }
    }
    expect(breaches).toEqual([]);
  });

  test('core/ is pure: no package, no Node module, nothing outside core/', () => {
    const impure = files
      .filter((file) => area(file.path) === 'core')
      .flatMap((file) =>
        file.imports
          .filter(({ specifier }) => !specifier.startsWith('./'))
          .map(({ specifier }) => `${file.path}: ${specifier}`),
      );
    expect(impure).toEqual([]);
  });

  test('no runtime import cycle between files', () => {
    const graph = new Map(
      files.map((file) => [
        file.path,
        file.imports
          .filter(({ typeOnly }) => !typeOnly)
          .map(({ specifier }) => target(file.path, specifier))
          .filter((to): to is string => to !== undefined),
      ]),
    );
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (path: string, trail: string[]) => {
      if (state.get(path) === 'done') return;
      if (state.get(path) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(path)), path].join(' → '));
        return;
      }
      state.set(path, 'open');
      for (const next of graph.get(path) ?? []) visit(next, [...trail, path]);
      state.set(path, 'done');
    };
    for (const path of graph.keys()) visit(path, []);
    expect(cycles).toEqual([]);
  });
});

describe('house rules', () => {
  test('no source file is over 450 lines', () => {
    const long = files
      .map((file) => ({ path: file.path, lines: file.text.split('\n').length - 1 }))
      .filter(({ lines }) => lines > 450);
    expect(long).toEqual([]);
  });

  test('BER is written by hand only in server/wire/ and client/wire/', () => {
    const writers = files.filter(
      (file) => /\bBerWriter\b|@ldapjs\/asn1/.test(file.text) && !/^(server|client)\/wire\//.test(file.path),
    );
    expect(writers.map((file) => file.path)).toEqual([]);
  });

  test('no profile-name comparison outside the registry', () => {
    const comparisons = files
      .filter((file) => file.path !== 'server/profiles/registry.ts')
      .flatMap((file) =>
        [
          ...file.text.matchAll(/\b(?:profile\w*(?:\.name)?\s*[!=]==?\s*|case\s+)'(openldap|ad|samba)'/gi),
        ].map((m) => `${file.path}: ${m[0]}`),
      );
    expect(comparisons).toEqual([]);
  });
});
