/**
 * The LDAP operations as the server's layers see them, free of any wire library. The wire layer
 * decodes requests into these shapes and encodes the results; every other layer (journal,
 * faults, limits, profile, directory) is an {@link LdapHandler} that wraps the next one.
 */

import type { Filter } from '../core/filter-ast.js';
import type { OperationAbort } from './operation-abort.js';

/** One client connection. Layers may read it; only the bind path changes `bindDN`. */
export interface Session {
  readonly id: number;
  /** `host:port` of the client, for the journal. */
  readonly remote: string;
  /** DN of the bound entry in its stored form; '' while anonymous (RFC 4513 §4). */
  bindDN: string;
  /** LDAPS from the start, or after a successful StartTLS. */
  encrypted: boolean;
  /** The verified client certificate's subject as a DN (SASL EXTERNAL binds as it); absent without one. */
  clientIdentity?: string;
  /** Per-connection state of the layers (paging cursors, counts), keyed by their SessionSlot objects. */
  readonly state: Map<object, unknown>;
  /** Close the connection from the server side (faults, fatal protocol errors); `reason` is logged. */
  close(reason?: string): void;
}

export interface PagedResultsValue {
  readonly size: number;
  readonly cookie: Buffer;
}

/**
 * A request control with its raw value; known controls also carry the decoded form. Criticality
 * is enforced by the profile, not the wire.
 */
export interface RequestControl {
  readonly oid: string;
  readonly critical: boolean;
  readonly value?: Buffer;
  /** Decoded value of the paged results control (RFC 2696). */
  readonly paged?: PagedResultsValue;
  /** Server-side sorting (RFC 2891): the sort keys. */
  readonly sort?: readonly SortKey[];
  /** Virtual list view: the window asked for. */
  readonly listView?: ListViewRequest;
  /** AD's extended DN control: DNs come back as `<GUID=…>;<SID=…>;dn`, in hex or string form. */
  readonly extendedDN?: 'hex' | 'string';
  /** Subentries (RFC 3672): true returns only subentries, false only ordinary entries. */
  readonly subentries?: boolean;
  /** Matched values (RFC 3876): the values returned are those this filter's items match. */
  readonly matchedValues?: Filter;
}

/** VirtualListViewRequest: a window of `before` + target + `after` entries of the sorted results. */
export interface ListViewRequest {
  readonly before: number;
  readonly after: number;
  /** By position (1-based `offset` of the client's estimated `contentCount`), or the first entry at or after a value. */
  readonly target:
    | { readonly offset: number; readonly contentCount: number }
    | { readonly greaterThanOrEqual: Buffer };
  readonly contextID?: Buffer;
}

export interface SortKey {
  readonly attribute: string;
  readonly orderingRule?: string;
  readonly reverse: boolean;
}

export type PasswordPolicyError =
  | 'passwordExpired'
  | 'accountLocked'
  | 'changeAfterReset'
  | 'passwordModNotAllowed'
  | 'mustSupplyOldPassword'
  | 'insufficientPasswordQuality'
  | 'passwordTooShort'
  | 'passwordTooYoung'
  | 'passwordInHistory'
  | 'passwordTooLong';

export type ResponseControl =
  | { readonly type: 'paged'; readonly value: PagedResultsValue }
  /** RFC 2891 SortResult: the result of sorting, and the key that failed. */
  | { readonly type: 'sortResult'; readonly code: number; readonly attribute?: string }
  /** VirtualListViewResponse: the target's position, the list's size, the view's result. */
  | {
      readonly type: 'listView';
      readonly targetPosition: number;
      readonly contentCount: number;
      readonly code: number;
      readonly contextID?: Buffer;
    }
  | {
      readonly type: 'passwordPolicy';
      readonly error?: PasswordPolicyError;
      readonly timeBeforeExpiration?: number;
      readonly graceAuthNsRemaining?: number;
    };

/** How an emulated server refuses something: its result code and its exact text. */
export interface Refusal {
  readonly code: number;
  readonly message: string;
}

export interface LdapResult {
  readonly code: number;
  readonly diagnosticMessage?: string;
  readonly matchedDN?: string;
  readonly referrals?: readonly string[];
  readonly controls?: readonly ResponseControl[];
  /** A search the server answers outside its paging (slapd's root DSE and cn=Subschema). */
  readonly unpaged?: boolean;
}

export interface ExtendedResult extends LdapResult {
  readonly responseName?: string;
  readonly responseValue?: Buffer;
  /** Password Modify's response (RFC 3062): the password the server generated; the wire encodes it. */
  readonly passwordModify?: { readonly generatedPassword: Buffer };
}

/** What every operation gets besides its request. */
export interface OperationContext {
  readonly session: Session;
  readonly messageId: number;
  readonly controls: readonly RequestControl[];
  /** Aborted by an Abandon of this message, or when the connection closes. */
  readonly abort: OperationAbort;
}

export interface BindRequest {
  readonly version: number;
  /** The name exactly as sent: a DN, or for AD also a UPN or `DOMAIN\user`. */
  readonly name: string;
  readonly method: 'simple' | 'sasl';
  readonly password: Buffer;
  readonly saslMechanism?: string;
}

export type SearchScope = 'base' | 'one' | 'sub';

export interface SearchRequest {
  readonly baseDN: string;
  readonly scope: SearchScope;
  readonly derefAliases: number;
  readonly sizeLimit: number;
  readonly timeLimit: number;
  readonly typesOnly: boolean;
  readonly filter: Filter;
  readonly attributes: readonly string[];
}

/** A value as stored and returned: text, or octets for binary syntaxes. */
export type AttributeValue = string | Buffer;

/** A value's text: binary values read as UTF-8. */
export function valueText(value: AttributeValue): string {
  return typeof value === 'string' ? value : value.toString('utf8');
}

export interface EntryAttribute {
  readonly type: string;
  readonly values: readonly AttributeValue[];
}

export interface SearchResultEntry {
  /** The DN exactly as it must appear on the wire (the stored form). */
  readonly dn: string;
  readonly attributes: readonly EntryAttribute[];
}

/** Where a search sends its results, in order, before the final {@link LdapResult}. */
export interface SearchSink {
  entry(entry: SearchResultEntry): void;
  reference(uris: readonly string[]): void;
}

export interface CompareRequest {
  readonly dn: string;
  readonly attribute: string;
  readonly value: Buffer;
}

export interface AddRequest {
  readonly dn: string;
  readonly attributes: readonly { readonly type: string; readonly values: readonly Buffer[] }[];
}

export type ModifyOperation = 'add' | 'delete' | 'replace' | 'increment';

export interface ModifyChange {
  readonly operation: ModifyOperation;
  readonly type: string;
  readonly values: readonly Buffer[];
}

export interface ModifyRequest {
  readonly dn: string;
  readonly changes: readonly ModifyChange[];
}

export interface DeleteRequest {
  readonly dn: string;
}

export interface ModifyDNRequest {
  readonly dn: string;
  readonly newRDN: string;
  readonly deleteOldRDN: boolean;
  readonly newSuperior?: string;
}

export interface PasswordModifyValue {
  readonly userIdentity?: string;
  readonly oldPassword?: Buffer;
  readonly newPassword?: Buffer;
}

export interface ExtendedRequest {
  readonly oid: string;
  readonly value?: Buffer;
  /** Decoded request value of Password Modify (RFC 3062), when the OID is that one. */
  readonly passwordModify?: PasswordModifyValue;
  /** Cancel (RFC 3909): the message ID to cancel; undefined when the value does not decode. */
  readonly cancel?: { readonly messageId: number | undefined };
}

/** A request the server answers, as the wire decoded it. */
export type AnsweredRequest =
  | { readonly op: 'bind'; readonly request: BindRequest }
  | { readonly op: 'search'; readonly request: SearchRequest }
  | { readonly op: 'compare'; readonly request: CompareRequest }
  | { readonly op: 'add'; readonly request: AddRequest }
  | { readonly op: 'modify'; readonly request: ModifyRequest }
  | { readonly op: 'delete'; readonly request: DeleteRequest }
  | { readonly op: 'modifyDN'; readonly request: ModifyDNRequest }
  | { readonly op: 'extended'; readonly request: ExtendedRequest };

/** The operations a handler answers, by name. */
export type OperationName = AnsweredRequest['op'];

export interface LdapHandler {
  bind(ctx: OperationContext, request: BindRequest): Promise<LdapResult>;
  search(ctx: OperationContext, request: SearchRequest, sink: SearchSink): Promise<LdapResult>;
  compare(ctx: OperationContext, request: CompareRequest): Promise<LdapResult>;
  add(ctx: OperationContext, request: AddRequest): Promise<LdapResult>;
  modify(ctx: OperationContext, request: ModifyRequest): Promise<LdapResult>;
  delete(ctx: OperationContext, request: DeleteRequest): Promise<LdapResult>;
  modifyDN(ctx: OperationContext, request: ModifyDNRequest): Promise<LdapResult>;
  /** StartTLS also arrives here: a success result tells the wire layer to start the handshake. */
  extended(ctx: OperationContext, request: ExtendedRequest): Promise<ExtendedResult>;
  /** The connection is gone (unbind, client close, server close). */
  disconnected?(session: Session): void;
  /**
   * A request the wire refused without handing it on — an LDAP message in clear where the TLS
   * handshake of a StartTLS should have begun — for the journal: the client sent it all the same.
   */
  refusedByWire?(ctx: OperationContext, request: AnsweredRequest, result: LdapResult): void;
}

export const PagedResultsOid = '1.2.840.113556.1.4.319';
export const PasswordPolicyOid = '1.3.6.1.4.1.42.2.27.8.5.1';
