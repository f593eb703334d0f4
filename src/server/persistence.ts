/**
 * `persist: FILE`: the directory is written back to FILE as LDIF after every committed change,
 * atomically (temp file, fsync, rename), so a crash leaves either the old file or the new one.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { LdifContentRecord } from '../core/ldif.js';
import { writeLdif } from '../core/ldif-writer.js';
import type { Directory } from './directory/directory.js';

/** FILE's content, if it exists; temp files of writers that died mid-write are removed first. */
export function readPersisted(path: string): Buffer | undefined {
  removeOrphanedTempFiles(path);
  return existsSync(path) ? readFileSync(path) : undefined;
}

export function writePersisted(path: string, directory: Directory): void {
  const records: LdifContentRecord[] = [];
  // Parents before children, so the file loads back in order.
  const entries = [...directory.all()].sort((a, b) => a.depth - b.depth);
  for (const entry of entries) {
    records.push({
      kind: 'content',
      dn: entry.dn,
      line: 0,
      attributes: [...entry.attributes.values()].map((a) => ({ type: a.type, values: [...a.values] })),
    });
  }
  const temp = `${path}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, writeLdif(records, { version: true }));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
  // The rename itself must reach the disk for the new file to survive a power cut.
  const folder = openSync(dirname(path), 'r');
  try {
    fsyncSync(folder);
  } finally {
    closeSync(folder);
  }
}

/**
 * A writer killed between creating its temp file and the rename leaves `FILE.<pid>.tmp` behind.
 * The pid keeps two live servers on one file apart, so only the files of dead processes go.
 */
function removeOrphanedTempFiles(path: string): void {
  const folder = dirname(path);
  const prefix = `${basename(path)}.`;
  const names = existsSync(folder) ? readdirSync(folder) : [];
  for (const name of names) {
    const pid =
      name.startsWith(prefix) && name.endsWith('.tmp') ? Number(name.slice(prefix.length, -4)) : Number.NaN;
    if (Number.isInteger(pid) && pid > 0 && !alive(pid)) rmSync(join(folder, name), { force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
