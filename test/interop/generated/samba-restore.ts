/**
 * Puts a real Samba DC back to its starting data after a generated sequence. Sequences write only
 * to entries they create (ad-vocabulary.ts), so the restorer deletes every entry created since the
 * start — found by uSNCreated above the DC's highestCommittedUSN at the start — children first,
 * then checks that none is left.
 */
import { BindRequest, DeleteRequest, SearchRequest } from 'ldapts';
import { WireFilter } from '../../../src/client/wire/wire-filter.js';
import { ResultCode } from '../../../src/core/result-code.js';
import type { ProbeTarget } from '../probe.js';
import { ProbeConnection } from '../wire/probe-connection.js';

async function adminConnection(target: ProbeTarget): Promise<ProbeConnection> {
  const connection = await ProbeConnection.open(target.url, { ca: target.caCertificate });
  const bound = await connection.send(
    new BindRequest({ messageId: 0, dn: target.rootDN, password: target.rootPassword }),
  );
  if (bound.result.resultCode !== ResultCode.success) {
    await connection.close();
    throw new Error(`restore: administrator bind failed: ${bound.result.diagnosticMessage}`);
  }
  return connection;
}

async function searchDNs(
  connection: ProbeConnection,
  base: string,
  scope: 'base' | 'sub',
  filter: string,
  attributes: string[],
) {
  const outcome = await connection.send(
    new SearchRequest({ messageId: 0, baseDN: base, scope, filter: WireFilter.parse(filter), attributes }),
  );
  if (outcome.result.resultCode !== ResultCode.success) {
    throw new Error(`restore: search ${filter} failed: ${outcome.result.diagnosticMessage}`);
  }
  return outcome.entries;
}

export class SambaRestorer {
  private constructor(
    private readonly target: ProbeTarget,
    private readonly since: bigint,
  ) {}

  static async capture(target: ProbeTarget): Promise<SambaRestorer> {
    const connection = await adminConnection(target);
    try {
      const [dse] = await searchDNs(connection, '', 'base', '(objectClass=*)', ['highestCommittedUSN']);
      const usn = dse?.attributes.find((a) => a.type.toLowerCase() === 'highestcommittedusn')?.values[0];
      if (usn === undefined) throw new Error('restore: the root DSE has no highestCommittedUSN');
      return new SambaRestorer(target, BigInt(usn.toString()) + 1n);
    } finally {
      await connection.close();
    }
  }

  private async created(connection: ProbeConnection): Promise<string[]> {
    const entries = await searchDNs(connection, this.target.baseDN, 'sub', `(uSNCreated>=${this.since})`, [
      '1.1',
    ]);
    return entries.map((e) => e.dn);
  }

  /** Deletes every entry created since `capture`; throws when some cannot be deleted. */
  async restore(): Promise<void> {
    const connection = await adminConnection(this.target);
    try {
      const created = await this.created(connection);
      if (created.length === 0) return;
      // Children before parents: a child's DN is longer than its parent's.
      for (const dn of created.sort((a, b) => b.length - a.length)) {
        const outcome = await connection.send(new DeleteRequest({ messageId: 0, dn }));
        const code = outcome.result.resultCode;
        if (code !== ResultCode.success && code !== ResultCode.noSuchObject) {
          throw new Error(`restore: delete ${dn} failed: ${code} ${outcome.result.diagnosticMessage}`);
        }
      }
      const left = await this.created(connection);
      if (left.length > 0) throw new Error(`restore: Samba still holds ${left.join('; ')}`);
    } finally {
      await connection.close();
    }
  }
}
