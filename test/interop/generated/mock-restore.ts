/**
 * Puts the mock back the way samba-restore.ts puts a real DC back: the entries a sequence created
 * are deleted, everything else stays as the sequence left it. A snapshot would also take back what
 * binds leave on fixture accounts (lastLogon, logonCount…), which the DC keeps.
 */
import type { MockServer } from '../../../src/server/index.js';

export class MockRestorer {
  private constructor(
    private readonly server: MockServer,
    private readonly initial: ReadonlySet<string>,
  ) {}

  static capture(server: MockServer): MockRestorer {
    return new MockRestorer(server, new Set([...server.directory.all()].map((e) => e.ndn)));
  }

  async restore(): Promise<void> {
    const created = [...this.server.directory.all()].filter((e) => !this.initial.has(e.ndn));
    // Children before parents: a child's DN is longer than its parent's.
    for (const entry of created.sort((a, b) => b.ndn.length - a.ndn.length))
      this.server.directory.delete(entry.dn);
  }
}
