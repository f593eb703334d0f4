/**
 * OpenBao's steps 9–10: the user's LDAP groups, by the group filter under groupdn or by AD's
 * tokenGroups, on the login's connection or a fresh anonymous one (anonymous_group_search).
 */
import { decodeSid } from '../core/sid.js';
import type { DirectoryAccess } from './directory-access.js';
import { type DirectorySession, type FoundEntry, failureOf, textAttributes } from './directory-session.js';
import { GroupSearchConnectError, GroupSearchError } from './errors/after-bind.js';
import { extractGroupNames, getCN } from './group-names.js';
import { compileTemplate, type Template, TemplateError } from './template.js';
import { WireFilter } from './wire/wire-filter.js';

export class GroupSearch {
  private readonly groupFilter: Template | undefined;

  constructor(private readonly access: DirectoryAccess) {
    const { groupfilter } = access.config;
    this.groupFilter = groupfilter === '' ? undefined : compileTemplate(groupfilter);
  }

  /** Steps 9–10: the LDAP groups, by tokenGroups or by the group filter. */
  async groupsOf(session: DirectorySession, userDN: string, username: string, redact: string[]) {
    const config = this.access.config;
    let groupSession = session;
    if (config.anonymous_group_search) {
      try {
        groupSession = await this.access.open(redact);
      } catch (error) {
        throw new GroupSearchConnectError({ reason: (error as Error).message, redact });
      }
    }
    try {
      if (config.use_token_groups) return await this.tokenGroups(groupSession, userDN, redact);
      return await this.filterGroups(groupSession, userDN, username, redact);
    } finally {
      if (groupSession !== session) await groupSession.close();
    }
  }

  private async filterGroups(session: DirectorySession, userDN: string, username: string, redact: string[]) {
    const config = this.access.config;
    if (!this.groupFilter || config.groupdn === '') return [];
    let filter: WireFilter;
    try {
      filter = WireFilter.parse(
        this.groupFilter.render({ UserDN: userDN, Username: username }, { escapeNonAscii: false }),
      );
    } catch (error) {
      const phase = error instanceof TemplateError ? 'render' : 'template';
      throw new GroupSearchError({ phase, reason: (error as Error).message, redact });
    }
    let entries: FoundEntry[];
    try {
      entries = await session.search({
        base: config.groupdn,
        scope: 'sub',
        filter,
        attributes: [config.groupattr],
        derefAliases: this.access.derefAliases,
        pageSize: config.max_page_size,
      });
    } catch (error) {
      throw new GroupSearchError({ ...failureOf(error), redact });
    }
    const textual = entries.map((entry) => ({ dn: entry.dn, attributes: textAttributes(entry) }));
    return extractGroupNames(textual, {
      groupattr: config.groupattr,
      pre111: config.use_pre111_group_cn_behavior,
    });
  }

  /** AD: the user's tokenGroups SIDs, each resolved with a `<SID=…>` base search (failures skipped). */
  private async tokenGroups(session: DirectorySession, userDN: string, redact: string[]): Promise<string[]> {
    let entries: FoundEntry[];
    try {
      entries = await session.search({
        base: userDN,
        scope: 'base',
        filter: '(objectClass=*)',
        attributes: ['tokenGroups'],
        sizeLimit: 1,
        binary: ['tokenGroups'],
      });
    } catch (error) {
      throw new GroupSearchError({ ...failureOf(error), redact });
    }
    const raw = entries[0]?.attributes['tokenGroups'];
    const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    const sids = values.flatMap((value) => {
      try {
        return [decodeSid(typeof value === 'string' ? Buffer.from(value, 'latin1') : value)];
      } catch {
        return [];
      }
    });
    const names = await mapConcurrently(sids, 10, async (sid) => {
      try {
        const found = await session.search({
          base: `<SID=${sid}>`,
          scope: 'base',
          filter: '(objectClass=*)',
          attributes: ['1.1'],
          sizeLimit: 1,
        });
        return found[0]
          ? getCN(found[0].dn, { pre111: this.access.config.use_pre111_group_cn_behavior })
          : undefined;
      } catch {
        return undefined;
      }
    });
    return [...new Set(names.filter((n): n is string => n !== undefined))];
  }
}

async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  map: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await map(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
