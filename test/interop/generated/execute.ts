/**
 * Runs a generated sequence on one server over one connection, recording one normalised
 * observation per operation through the probe session (test/interop/probe-session.ts), exactly as
 * the hand-written probes record theirs.
 */
import type { Observed } from '../normalise.js';
import type { ProbeTarget, Step } from '../probe.js';
import { ProbeSession } from '../probe-session.js';
import { ProbeConnection } from '../wire/probe-connection.js';
import { describeOperation, type Operation, valueBytes } from './operation.js';

async function perform(session: ProbeSession, label: string, op: Operation): Promise<void> {
  switch (op.kind) {
    case 'bind':
      await session.bind(label, op.dn, op.password);
      return;
    case 'search': {
      const params = {
        base: op.base,
        scope: op.scope,
        filter: op.filter,
        attributes: op.attributes,
        sizeLimit: op.sizeLimit,
        timeLimit: op.timeLimit,
        typesOnly: op.typesOnly,
      };
      if (op.pageSize === undefined) await session.search(label, params);
      else await session.searchPaged(label, params, op.pageSize);
      return;
    }
    case 'compare':
      await session.compare(label, op.dn, op.attribute, op.value);
      return;
    case 'add':
      await session.addList(
        label,
        op.dn,
        op.attributes.map(([type, values]) => [type, values.map(valueBytes)] as const),
      );
      return;
    case 'modify':
      await session.modify(
        label,
        op.dn,
        op.changes.map((c) => ({ operation: c.operation, type: c.type, values: c.values.map(valueBytes) })),
      );
      return;
    case 'delete':
      await session.del(label, op.dn);
      return;
    case 'rename':
      await session.modifyDN(label, op.dn, op.newRdn, {
        deleteOldRdn: op.deleteOldRdn,
        ...(op.newSuperior === undefined ? {} : { newSuperior: op.newSuperior }),
      });
      return;
    case 'whoami':
      await session.whoami(label);
      return;
    case 'passwordModify':
      await session.passwordModify(label, {
        ...(op.userIdentity === undefined ? {} : { userIdentity: op.userIdentity }),
        ...(op.oldPassword === undefined ? {} : { oldPassword: op.oldPassword }),
        ...(op.newPassword === undefined ? {} : { newPassword: op.newPassword }),
      });
      return;
    case 'unknownExtended':
      await session.extended(label, op.oid);
      return;
  }
}

/** The step label of operation `index`: its position and what it does. */
export function stepLabel(index: number, op: Operation): string {
  return `[${index}] ${describeOperation(op)}`;
}

/** One observation per operation, in order; a connection that cannot be opened fails every step. */
export async function runSequence(target: ProbeTarget, ops: readonly Operation[]): Promise<Step[]> {
  const steps: Step[] = [];
  const record = (label: string, observed: Observed): void => {
    steps.push({ label, observed });
  };
  let connection: ProbeConnection;
  try {
    connection = await ProbeConnection.open(target.url, { ca: target.caCertificate, timeoutMs: 20_000 });
  } catch (error) {
    return ops.map((op, i) => ({ label: stepLabel(i, op), observed: { error: (error as Error).message } }));
  }
  const session = new ProbeSession(connection, record);
  try {
    for (const [i, op] of ops.entries()) await perform(session, stepLabel(i, op), op);
  } finally {
    await session.close().catch(() => undefined);
  }
  return steps;
}
