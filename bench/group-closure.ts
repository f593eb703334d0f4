/**
 * Nested groups on the `ad` profile: tokenGroups (a base search on the user) and the in-chain
 * rule (`(member:1.2.840.113556.1.4.1941:=<user>)`) over group graphs of growing size. Groups
 * form chains `depth` deep whose top is a member of their bottom (a cycle in every chain), every
 * other chain's top is also in the next chain's bottom, and every user is in two groups: a user is
 * in at most four chains' groups however large the graph, as in a real directory, so the time per
 * user shows how the work grows with the graph itself. Timed per user, against the mock in this
 * process.
 */
import { Client } from 'ldapts';
import type { MockServerModule } from './paths.js';
import { median } from './stats.js';

export interface ClosureShape {
  readonly groups: number;
  readonly depth: number;
  readonly users: number;
}

export interface ClosureResult extends ClosureShape {
  /** server.apply() of the users and groups on top of the default AD fixture. */
  readonly loadMs: number;
  /** Median per user, after a warm-up. */
  readonly tokenGroupsMs: number;
  readonly inChainMs: number;
  /** Median number of groups a user is in, transitively (tokenGroups values). */
  readonly closureSize: number;
}

const BASE = 'DC=corp,DC=example,DC=com';
const OU = `OU=Bench,${BASE}`;
const groupDN = (i: number) => `CN=bg${i},${OU}`;
const userDN = (u: number) => `CN=bu${u},${OU}`;

function graphLdif({ groups, depth, users }: ClosureShape): string {
  const records = [`dn: ${OU}\nobjectClass: organizationalUnit\nou: Bench\n`];
  for (let u = 0; u < users; u++)
    records.push(`dn: ${userDN(u)}\nobjectClass: user\ncn: bu${u}\nsAMAccountName: bu${u}\n`);
  const members: string[][] = Array.from({ length: groups }, () => []);
  for (let u = 0; u < users; u++) {
    members[(u * 31) % groups]!.push(userDN(u));
    members[(u * 17 + 5) % groups]!.push(userDN(u));
  }
  for (let i = 0; i < groups; i++) {
    const chain = Math.floor(i / depth);
    const bottom = chain * depth;
    const top = Math.min(bottom + depth, groups) - 1;
    if (i < top) members[i + 1]!.push(groupDN(i));
    else {
      if (top > bottom) members[bottom]!.push(groupDN(i)); // the chain's cycle
      if (chain % 2 === 0 && top + 1 < groups) members[top + 1]!.push(groupDN(i));
    }
  }
  // Groups first, then their members: a member value must name an entry that exists.
  for (let i = 0; i < groups; i++) {
    records.push(`dn: ${groupDN(i)}\nobjectClass: group\ncn: bg${i}\nsAMAccountName: bg${i}\n`);
  }
  for (let i = 0; i < groups; i++) {
    const values = [...new Set(members[i])];
    if (values.length === 0) continue;
    records.push(
      `dn: ${groupDN(i)}\nchangetype: modify\nadd: member\n${values.map((v) => `member: ${v}`).join('\n')}\n-\n`,
    );
  }
  return records.join('\n');
}

export async function measureClosure(
  { startMockServer }: MockServerModule,
  shape: ClosureShape,
  timedUsers = 30,
): Promise<ClosureResult> {
  const server = await startMockServer({ profile: 'ad', ldapsPort: null });
  const client = new Client({ url: server.url, timeout: 120_000 });
  try {
    const ldif = graphLdif(shape);
    const t0 = performance.now();
    server.apply(ldif);
    const loadMs = performance.now() - t0;
    await client.bind('Administrator@corp.example.com', 'Admin-Passw0rd!');
    const tokenGroups: number[] = [];
    const inChain: number[] = [];
    const sizes: number[] = [];
    const warmUp = 5;
    for (let k = 0; k < warmUp + timedUsers; k++) {
      const user = userDN((k * 97) % shape.users);
      const t1 = performance.now();
      const { searchEntries } = await client.search(user, { scope: 'base', attributes: ['tokenGroups'] });
      const t2 = performance.now();
      const groups = await client.search(OU, {
        filter: `(member:1.2.840.113556.1.4.1941:=${user})`,
        attributes: ['1.1'],
      });
      const t3 = performance.now();
      const values = searchEntries[0]?.['tokenGroups'];
      const size = Array.isArray(values) ? values.length : 0;
      // Both ways of asking must agree on the bench groups (tokenGroups adds Domain Users and the like).
      if (groups.searchEntries.length === 0 || size < groups.searchEntries.length) {
        throw new Error(
          `${user}: tokenGroups ${size} values, in-chain ${groups.searchEntries.length} groups`,
        );
      }
      if (k < warmUp) continue;
      tokenGroups.push(t2 - t1);
      inChain.push(t3 - t2);
      sizes.push(size);
    }
    return {
      ...shape,
      loadMs,
      tokenGroupsMs: median(tokenGroups),
      inChainMs: median(inChain),
      closureSize: median(sizes),
    };
  } finally {
    await client.unbind().catch(() => undefined);
    await server.stop();
  }
}
