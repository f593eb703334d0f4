/**
 * One journaled operation: who asked what, over which connection, and what the server answered.
 * Built once when the operation ends; credentials appear only as `<redacted, N bytes>`.
 */
import type { Filter } from '../../core/filter-ast.js';
import type { OperationName, SearchScope } from '../operations.js';
import type { Explanation } from './explanation.js';

export interface JournalControl {
  readonly oid: string;
  /** Its usual name (`pagedResults`, `serverSort`…), when known. */
  readonly name?: string;
  readonly critical: boolean;
}

/** One modification of an add or modify, values as text (secret attributes redacted). */
export interface JournalChange {
  readonly operation: 'add' | 'delete' | 'replace' | 'increment';
  readonly type: string;
  readonly values: readonly string[];
}

export interface JournalEntry {
  /** 1, 2, … in the order operations ended, per server; never reused after clear(). */
  readonly seq: number;
  /** When the operation arrived (ISO 8601). */
  readonly time: string;
  /** The connection's id (`conn=` in the log). */
  readonly connection: number;
  /** `host:port` of the client. */
  readonly remote: string;
  readonly messageId: number;
  /** The connection was encrypted (LDAPS, or after StartTLS) when the request arrived. */
  readonly tls: boolean;
  /** Who the connection was bound as when the request arrived ('' anonymous). */
  readonly boundAs: string;
  readonly operation: OperationName;
  /** The DN the operation names (bind name, search base, target entry) or the extended OID. */
  readonly target: string;
  readonly controls: readonly JournalControl[];

  /** Bind: `simple` or `sasl`, the mechanism, and the credentials as `<redacted, N bytes>` or `<empty>`. */
  readonly method?: 'simple' | 'sasl' | undefined;
  readonly mechanism?: string | undefined;
  readonly credentials?: string | undefined;

  /** Search: the filter in RFC 4515 form, as the server read it. */
  readonly filter?: string | undefined;
  /** Search: the filter as a tree (read again from `filter`, which is its exact image). */
  readonly parsedFilter?: Filter | undefined;
  readonly scope?: SearchScope | undefined;
  readonly attributes?: readonly string[] | undefined;
  readonly sizeLimit?: number | undefined;
  readonly timeLimit?: number | undefined;
  readonly typesOnly?: boolean | undefined;
  /** Search: how many entries went back, and the DNs of the first 100. */
  readonly entries?: number | undefined;
  readonly entryDNs?: readonly string[] | undefined;

  /** Compare: the attribute and the asserted value (redacted for a secret attribute). */
  readonly attribute?: string | undefined;
  readonly value?: string | undefined;
  /** Add and modify: the attributes or modifications. */
  readonly changes?: readonly JournalChange[] | undefined;
  /** Modify DN. */
  readonly newRDN?: string | undefined;
  readonly deleteOldRDN?: boolean | undefined;
  readonly newSuperior?: string | undefined;
  /** Extended: its usual name (`startTLS`, `passwordModify`, `whoAmI`…), when known. */
  readonly extendedName?: string | undefined;

  readonly code: number;
  /** The RFC 4511 name of the code (`invalidCredentials`). */
  readonly result: string;
  readonly diagnosticMessage: string;
  readonly matchedDN?: string | undefined;
  readonly durationMs: number;
  /** Why a search found nothing, or a bind failed (or stayed anonymous). */
  readonly explanation?: Explanation | undefined;
}
