/**
 * What a bootstrap test file starts and writes: servers (without an LDAPS listener) and scratch
 * folders of LDIF files, stopped and removed once the file's tests are done. Call it at the top
 * of the file, where it registers its afterAll.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { type MockServer, startMockServer } from '../../src/server/index.js';

export function servedFolders(prefix: string): {
  serve(options: Parameters<typeof startMockServer>[0]): Promise<MockServer>;
  /** A new folder holding the files given, by name. */
  folder(files: Readonly<Record<string, string>>): string;
} {
  const servers: MockServer[] = [];
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  return {
    async serve(options) {
      const server = await startMockServer({ ldapsPort: null, ...options });
      servers.push(server);
      return server;
    },
    folder(files) {
      const dir = mkdtempSync(join(tmpdir(), `ldapmock-${prefix}-`));
      dirs.push(dir);
      for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
      return dir;
    },
  };
}
