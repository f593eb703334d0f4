/**
 * A copy of the built package (dist/, fixtures/, package.json, the repository's node_modules
 * linked) in a temporary folder, for tests that alter what the build wrote or what it keeps.
 */
import { cpSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './cli-process.js';

/** The copy's folder; the caller removes it. */
export function copyBuiltPackage(prefix: string): string {
  const copy = mkdtempSync(join(tmpdir(), prefix));
  for (const item of ['dist', 'fixtures', 'package.json'])
    cpSync(join(REPO_ROOT, item), join(copy, item), { recursive: true });
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(copy, 'node_modules'));
  return copy;
}
