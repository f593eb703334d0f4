/**
 * `ldapmock serve --persist FILE` killed (SIGKILL) while many clients write (issue 10). The
 * promise under test: every write a client saw succeed is in FILE, because the server writes the
 * file (temp, fsync, rename) before it answers. So after each kill FILE must read back as complete
 * LDIF, the server must start again from it, and it must hold every acknowledged write.
 *
 * Each client owns its own entries and has one operation outstanding at a time, so at the kill
 * each entry has at most one write in flight, and the file may show exactly two states for it:
 * the last acknowledged one, or that in-flight write applied. Whatever the file shows becomes
 * the entry's known state for the next round (the dead process can write nothing more).
 *
 * The seed (LDAPMOCK_CRASH_SEED to override) fixes every round's operation mix, each client's
 * choices and when the kill comes; which in-flight writes land still depends on timing.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Attribute, Change, Client, ResultCodeError } from 'ldapts';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { LdifAttribute } from '../../src/core/ldif.js';
import { readLdif } from '../../src/core/ldif-reader.js';
import { killSpawned, type ServeProcess, startServe } from './cli-process.js';

const SEED = Number(process.env['LDAPMOCK_CRASH_SEED'] ?? 0x5eed10);
const ROUNDS = 21;
const CLIENTS = 8;
const PEOPLE = 'ou=people,dc=example,dc=org';
const ADMIN = { dn: 'cn=admin,dc=example,dc=org', password: 'admin' };
/** uid prefix of the entries this test writes; everything else in FILE is the fixture. */
const PREFIX = 'crash-';

/** An entry's state: its description, or undefined when it does not exist. */
type State = string | undefined;

interface Tracked {
  readonly dn: string;
  /** Last acknowledged state, or the state FILE showed after the last kill. */
  known: State;
  /** The write sent but not answered, as the state it would leave; absent when none. */
  inFlight?: { readonly state: State } | undefined;
}

/** The entries of one client slot; slot N's entries are written by client N of every round. */
interface Slot {
  readonly index: number;
  readonly entries: Map<string, Tracked>;
  nextUid: number;
}

interface Acknowledged {
  readonly round: number;
  readonly slot: number;
  readonly kind: 'add' | 'modify' | 'delete';
  readonly dn: string;
  readonly state: State;
}

/** mulberry32: small, seedable, good enough to pick operations and delays. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const key = (dn: string): string => dn.toLowerCase();
const isTestDN = (dn: string): boolean => key(dn).startsWith(`uid=${PREFIX}`);
const valueText = (value: string | Buffer): string => (typeof value === 'string' ? value : value.toString());

let dir: string;
let file: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ldapmock-crash-'));
  file = join(dir, 'state.ldif');
});
afterAll(async () => {
  await killSpawned();
  rmSync(dir, { recursive: true, force: true });
});

function serve(): Promise<ServeProcess> {
  // The cert dir is kept across restarts, so only the first start generates a CA.
  return startServe(
    ['--port', '0', '--ldaps-port', '0', '--cert-dir', join(dir, 'certs'), '--persist', file, '--quiet'],
    { cwd: dir },
  );
}

async function bound(url: string): Promise<Client> {
  const client = new Client({ url, timeout: 10_000, connectTimeout: 5_000 });
  await client.bind(ADMIN.dn, ADMIN.password);
  return client;
}

/** FILE as read back: the test's entries (DN key → description) and the rest, record by record. */
function readFile(): { tested: Map<string, string>; fixture: Map<string, LdifAttribute[]> } {
  const text = readFileSync(file);
  const { records, errors } = readLdif(text, { fileName: file });
  expect(errors.map(String), 'the persisted file must read back without errors').toEqual([]);
  const tested = new Map<string, string>();
  const fixture = new Map<string, LdifAttribute[]>();
  for (const record of records) {
    expect(record.kind, `${record.dn} at line ${record.line}`).toBe('content');
    if (record.kind !== 'content') continue;
    if (!isTestDN(record.dn)) {
      fixture.set(key(record.dn), record.attributes);
      continue;
    }
    const description = record.attributes.find((a) => a.type.toLowerCase() === 'description');
    expect(description?.values, `${record.dn}: one description`).toHaveLength(1);
    tested.set(key(record.dn), valueText(description!.values[0]!));
  }
  return { tested, fixture };
}

/** The test's entries as the running server returns them (DN key → description). */
async function readServer(url: string): Promise<Map<string, string>> {
  const client = await bound(url);
  try {
    const { searchEntries } = await client.search(PEOPLE, {
      scope: 'one',
      filter: `(uid=${PREFIX}*)`,
      attributes: ['description'],
    });
    return new Map(searchEntries.map((e) => [key(e.dn), String(e['description'])]));
  } finally {
    await client.unbind();
  }
}

/** How one round loads the server: operation weights, when the kill comes. */
interface RoundPlan {
  readonly add: number;
  readonly modify: number;
  /** Kill after this many acknowledged writes in the round … */
  readonly killAfterAcks: number;
  /** … plus this delay, so the kill lands at varying points of the next writes. */
  readonly killDelayMs: number;
}

function planRound(random: () => number, round: number): RoundPlan {
  // The first rounds mostly add, so later rounds have entries to modify and delete.
  const add = round < 3 ? 0.8 : 0.2 + 0.5 * random();
  const modify = (1 - add) * (0.4 + 0.5 * random());
  return {
    add,
    modify,
    killAfterAcks: 5 + Math.floor(random() * 45),
    killDelayMs: Math.floor(random() * 25),
  };
}

interface Operation {
  readonly kind: Acknowledged['kind'];
  readonly entry: Tracked;
  /** The state the entry has once the write is applied. */
  readonly state: State;
}

function chooseOperation(slot: Slot, plan: RoundPlan, random: () => number, value: string): Operation {
  const all = [...slot.entries.values()];
  const live = all.filter((e) => e.known !== undefined);
  const dead = all.filter((e) => e.known === undefined);
  const roll = random();
  if (live.length === 0 || roll < plan.add) {
    // Now and then add again an entry deleted earlier: its old delete must not shadow it.
    if (dead.length > 0 && random() < 0.3) {
      return { kind: 'add', entry: dead[Math.floor(random() * dead.length)]!, state: value };
    }
    const dn = `uid=${PREFIX}${slot.index}-${slot.nextUid++},${PEOPLE}`;
    const entry: Tracked = { dn, known: undefined };
    slot.entries.set(key(dn), entry);
    return { kind: 'add', entry, state: value };
  }
  const target = live[Math.floor(random() * live.length)]!;
  return roll < plan.add + plan.modify
    ? { kind: 'modify', entry: target, state: value }
    : { kind: 'delete', entry: target, state: undefined };
}

async function send(client: Client, op: Operation): Promise<void> {
  const { dn } = op.entry;
  if (op.kind === 'add') {
    const uid = /^uid=([^,]+)/.exec(dn)![1]!;
    await client.add(dn, {
      objectClass: ['inetOrgPerson'],
      uid,
      cn: uid,
      sn: 'Crash',
      description: op.state!,
    });
  } else if (op.kind === 'modify') {
    await client.modify(
      dn,
      new Change({
        operation: 'replace',
        modification: new Attribute({ type: 'description', values: [op.state!] }),
      }),
    );
  } else {
    await client.del(dn);
  }
}

test(`acknowledged writes survive ${ROUNDS} SIGKILLs of serve --persist under ${CLIENTS} concurrent writers (seed ${SEED})`, async () => {
  const started = Date.now();
  const master = rng(SEED);
  const slots: Slot[] = Array.from({ length: CLIENTS }, (_, index) => ({
    index,
    entries: new Map(),
    nextUid: 0,
  }));
  const ledger: Acknowledged[] = [];
  let kills = 0;
  let verifiedStates = 0;
  /** Writes unanswered at a kill, and those of them FILE shows applied. */
  let inFlight = 0;
  let inFlightLanded = 0;
  let fixture: Map<string, LdifAttribute[]> | undefined;
  /** What FILE held after the last kill: the restarted server must serve exactly this. */
  let expectedOnServer = new Map<string, string>();
  const startTimes: number[] = [];

  const start = async (): Promise<ServeProcess> => {
    const t0 = Date.now();
    const server = await serve();
    startTimes.push(Date.now() - t0);
    return server;
  };

  for (let round = 0; round < ROUNDS; round++) {
    const context = `seed ${SEED}, round ${round}`;
    const server = await start();
    if (fixture === undefined) fixture = readFile().fixture;
    expect(await readServer(server.url), `${context}: the server restarted from FILE`).toEqual(
      expectedOnServer,
    );

    const plan = planRound(master, round);
    const clients = await Promise.all(slots.map(() => bound(server.url)));
    let acks = 0;
    let killed = false;
    const unexpected: string[] = [];
    let reachedKillPoint!: () => void;
    const killPoint = new Promise<void>((resolve) => (reachedKillPoint = resolve));

    const runClient = async (slot: Slot, client: Client, random: () => number): Promise<void> => {
      let seq = 0;
      while (!killed) {
        const op = chooseOperation(slot, plan, random, `r${round}.s${slot.index}.${seq++}`);
        op.entry.inFlight = { state: op.state };
        try {
          await send(client, op);
        } catch (error) {
          if (!killed || error instanceof ResultCodeError) {
            // A refusal is never expected (each entry has one writer and a known state); the write
            // did not happen. Anything else before the kill is a connection lost on its own.
            if (error instanceof ResultCodeError) op.entry.inFlight = undefined;
            unexpected.push(`${op.kind} ${op.entry.dn}: ${String(error)}`);
            reachedKillPoint();
          }
          // Otherwise the kill cut the connection: the write stays in flight, outcome unknown.
          return;
        }
        // A success answer can only have been sent after FILE was written, so this holds even for
        // answers read after the kill signal went out.
        op.entry.known = op.state;
        op.entry.inFlight = undefined;
        ledger.push({ round, slot: slot.index, kind: op.kind, dn: op.entry.dn, state: op.state });
        if (++acks >= plan.killAfterAcks) reachedKillPoint();
      }
    };
    const running = slots.map((slot, i) =>
      runClient(slot, clients[i]!, rng(SEED ^ (round * 131 + slot.index + 1))),
    );

    await killPoint;
    // The random moment: a few ms past the kill point, while the clients keep writing.
    await new Promise((resolve) => setTimeout(resolve, plan.killDelayMs));
    killed = true;
    const exit = await server.stop('SIGKILL');
    await Promise.all(running);
    expect(unexpected, context).toEqual([]);
    expect(exit, `${context}: the server was still running when killed`).toEqual({
      code: null,
      signal: 'SIGKILL',
    });
    kills++;

    const after = readFile();
    // A file cut short can still read without errors (an empty one does), so check it is whole.
    expect(after.fixture, `${context}: the fixture entries are intact`).toEqual(fixture);
    const problems: string[] = [];
    for (const slot of slots) {
      for (const entry of slot.entries.values()) {
        const seen = after.tested.get(key(entry.dn));
        const allowed: State[] = [entry.known, ...(entry.inFlight ? [entry.inFlight.state] : [])];
        if (entry.inFlight) {
          inFlight++;
          if (seen === entry.inFlight.state && seen !== entry.known) inFlightLanded++;
        }
        if (!allowed.includes(seen)) {
          problems.push(
            `${entry.dn}: FILE has ${seen ?? '(absent)'}, expected ${allowed.map((s) => s ?? '(absent)').join(' or ')}`,
          );
        }
        verifiedStates++;
        // FILE is what the next server starts from; an in-flight write either made it or never will.
        entry.known = seen;
        entry.inFlight = undefined;
      }
    }
    for (const dn of after.tested.keys()) {
      if (!slots.some((s) => s.entries.has(dn))) problems.push(`${dn}: in FILE but never written`);
    }
    expect(problems, context).toEqual([]);
    expectedOnServer = after.tested;
  }

  // The last kill's FILE must start a server too.
  const final = await start();
  expect(await readServer(final.url), `seed ${SEED}: the server restarted from FILE`).toEqual(
    expectedOnServer,
  );
  expect((await final.stop()).code).toBe(0);

  expect(kills).toBeGreaterThanOrEqual(20);
  const acknowledged = ledger.length;
  expect(acknowledged).toBeGreaterThanOrEqual(kills * 5);
  // The kills did land while writes were under way (about one per client per kill).
  expect(inFlight).toBeGreaterThanOrEqual(kills);
  const count = (kind: Acknowledged['kind']): number => ledger.filter((a) => a.kind === kind).length;
  // Temp files of killed writers are removed when the next server starts on FILE.
  const leftovers = readdirSync(dir).filter((name) => name.endsWith('.tmp'));
  expect(leftovers).toStrictEqual([]);
  const summary = {
    seed: SEED,
    rounds: ROUNDS,
    kills,
    acknowledged,
    adds: count('add'),
    modifies: count('modify'),
    deletes: count('delete'),
    entryStatesVerified: verifiedStates,
    inFlightAtKill: inFlight,
    inFlightLanded,
    liveEntries: expectedOnServer.size,
    startMs: { min: Math.min(...startTimes), max: Math.max(...startTimes) },
    tempFilesLeft: leftovers.length,
    totalMs: Date.now() - started,
  };
  console.log(`persist-crash: ${JSON.stringify(summary)}`);
}, 120_000);
