/**
 * `persist: FILE`: the directory is written back to FILE as LDIF after every committed change,
 * atomically (temp file, fsync, rename), so a crash leaves either the old file or the new one.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import type { LdifContentRecord } from '../core/ldif.js';
import { writeLdif } from '../core/ldif-writer.js';
import type { Directory } from './directory/directory.js';

export function readPersisted(path: string): Buffer | undefined {
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
}
