/**
 * Puts a real slapd back to the data it started with after a generated sequence, so every sequence
 * starts from the same data on slapd as on the mock (which restores a snapshot). slapd has no
 * snapshot, so the restorer remembers every entry at the start and, after a sequence, finds what
 * changed since: entries created or modified after the start (createTimestamp, modifyTimestamp)
 * and ppolicy state (pwdFailureTime, pwdAccountLockedTime, pwdReset, pwdChangedTime). It deletes the new entries,
 * deepest first, and writes the old attributes back over changed ones with the Relax Rules control
 * (ppolicy's state attributes are NO-USER-MODIFICATION; slapd lets the rootdn change them only
 * under Relax). Then it checks that nothing is left over.
 */
import { Attribute, BindRequest, Change, Control, DeleteRequest, ModifyRequest, SearchRequest } from 'ldapts';
import { WireFilter } from '../../../src/client/wire/wire-filter.js';
import { ResultCode } from '../../../src/core/result-code.js';
import type { ProbeTarget } from '../probe.js';
import { ProbeConnection } from '../wire/probe-connection.js';
import type { EntryMessage } from '../wire/response-decoder.js';

/** draft-zeilenga-ldap-relax: lets the rootdn write NO-USER-MODIFICATION attributes. */
const RELAX_OID = '1.3.6.1.4.1.4203.666.5.12';
/** Operational attributes a sequence changes through binds and password changes. */
const STATE_ATTRIBUTES = ['pwdFailureTime', 'pwdAccountLockedTime', 'pwdReset', 'pwdChangedTime'];

const STAMP = /^(create|modify)Timestamp$/i;

/** Attribute (lower-cased type) → sorted hex of its values. */
type Content = Map<string, { type: string; values: Buffer[]; key: string }>;

interface Remembered {
  readonly dn: string;
  readonly content: Content;
}

function contentOf(entry: EntryMessage): Content {
  const content: Content = new Map();
  for (const attribute of entry.attributes) {
    // The stamps change with every write: changes are found by them, they are not restored.
    if (STAMP.test(attribute.type)) continue;
    const values = [...attribute.values];
    const key = values
      .map((v) => v.toString('hex'))
      .sort()
      .join(',');
    content.set(attribute.type.toLowerCase(), { type: attribute.type, values, key });
  }
  return content;
}

/** LDAP GeneralizedTime of a Date, seconds precision. */
function generalizedTime(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace(/[-T:]/g, '')}Z`;
}

export class SlapdRestorer {
  private constructor(
    private readonly target: ProbeTarget,
    private readonly initial: ReadonlyMap<string, Remembered>,
    private readonly since: string,
  ) {}

  /**
   * Remembers every entry of the naming context, and waits until the second after the newest
   * stamp so that stamps of later changes are strictly newer than every stamp of the start.
   */
  static async capture(target: ProbeTarget): Promise<SlapdRestorer> {
    const entries = await search(target, '(objectClass=*)');
    const initial = new Map<string, Remembered>();
    let newest = '';
    for (const entry of entries) {
      initial.set(entry.dn.toLowerCase(), { dn: entry.dn, content: contentOf(entry) });
      for (const stamp of ['createtimestamp', 'modifytimestamp']) {
        const value = entry.attributes.find((a) => a.type.toLowerCase() === stamp)?.values[0]?.toString();
        if (value !== undefined && value > newest) newest = value;
      }
    }
    let since = generalizedTime(new Date());
    while (since <= newest) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      since = generalizedTime(new Date());
    }
    return new SlapdRestorer(target, initial, since);
  }

  /** Undoes every change since `capture`; throws when slapd is not back to its start. */
  async restore(): Promise<void> {
    const changed = await this.changedEntries();
    if (changed.length === 0) return;
    const connection = await adminConnection(this.target);
    try {
      const created = changed.filter((e) => !this.initial.has(e.dn.toLowerCase()));
      // Children before parents: a child's DN is longer than its parent's.
      for (const entry of created.sort((a, b) => b.dn.length - a.dn.length)) {
        const outcome = await connection.send(new DeleteRequest({ messageId: 0, dn: entry.dn }));
        const code = outcome.result.resultCode;
        if (code !== ResultCode.success && code !== ResultCode.noSuchObject) {
          throw new Error(`restore: delete ${entry.dn} failed: ${code} ${outcome.result.diagnosticMessage}`);
        }
      }
      for (const entry of changed) {
        const before = this.initial.get(entry.dn.toLowerCase());
        if (before === undefined) continue;
        const changes = restoringChanges(before.content, contentOf(entry));
        if (changes.length === 0) continue;
        const request = new ModifyRequest({
          messageId: 0,
          dn: entry.dn,
          changes,
          controls: [new Control(RELAX_OID, { critical: true })],
        });
        const outcome = await connection.send(request);
        if (outcome.result.resultCode !== ResultCode.success) {
          throw new Error(
            `restore: modify ${entry.dn} failed: ${outcome.result.resultCode} ${outcome.result.diagnosticMessage}`,
          );
        }
      }
    } finally {
      await connection.close();
    }
    const left = await this.leftovers();
    if (left.length > 0) throw new Error(`restore: slapd still differs from its start:\n${left.join('\n')}`);
  }

  private changedEntries(): Promise<EntryMessage[]> {
    const stamps = `(createTimestamp>=${this.since})(modifyTimestamp>=${this.since})`;
    const state = STATE_ATTRIBUTES.map((a) => `(${a}=*)`).join('');
    return search(this.target, `(|${stamps}${state})`);
  }

  /** What still differs from the start: one line per entry. */
  private async leftovers(): Promise<string[]> {
    const lines: string[] = [];
    for (const entry of await this.changedEntries()) {
      const before = this.initial.get(entry.dn.toLowerCase());
      if (before === undefined) lines.push(`  ${entry.dn}: not deleted`);
      else if (restoringChanges(before.content, contentOf(entry)).length > 0) {
        lines.push(`  ${entry.dn}: attributes still differ`);
      }
    }
    return lines;
  }
}

/** Deletes attributes that were not there, replaces those whose values differ. */
function restoringChanges(before: Content, now: Content): Change[] {
  const changes: Change[] = [];
  for (const [name, attribute] of now) {
    if (!before.has(name)) {
      changes.push(
        new Change({
          operation: 'delete',
          modification: new Attribute({ type: attribute.type, values: [] }),
        }),
      );
    }
  }
  for (const [name, attribute] of before) {
    if (now.get(name)?.key === attribute.key) continue;
    changes.push(
      new Change({
        operation: 'replace',
        modification: new Attribute({ type: attribute.type, values: attribute.values }),
      }),
    );
  }
  return changes;
}

async function adminConnection(target: ProbeTarget): Promise<ProbeConnection> {
  const connection = await ProbeConnection.open(target.url, { ca: target.caCertificate });
  const bound = await connection.send(
    new BindRequest({ messageId: 0, dn: target.rootDN, password: target.rootPassword }),
  );
  if (bound.result.resultCode !== ResultCode.success) {
    await connection.close();
    throw new Error(`restore: rootdn bind failed: ${bound.result.diagnosticMessage}`);
  }
  return connection;
}

/** Entries of the naming context matching `filter`, with user and ppolicy state attributes, as rootdn. */
async function search(target: ProbeTarget, filter: string): Promise<EntryMessage[]> {
  const connection = await adminConnection(target);
  try {
    const outcome = await connection.send(
      new SearchRequest({
        messageId: 0,
        baseDN: target.baseDN,
        scope: 'sub',
        filter: WireFilter.parse(filter),
        // modifiersName too: a write that changed no value still leaves its writer's name.
        attributes: ['*', 'createTimestamp', 'modifyTimestamp', 'modifiersName', ...STATE_ATTRIBUTES],
      }),
    );
    if (outcome.result.resultCode !== ResultCode.success) {
      throw new Error(`restore: search ${filter} failed: ${outcome.result.diagnosticMessage}`);
    }
    return outcome.entries;
  } finally {
    await connection.close();
  }
}
