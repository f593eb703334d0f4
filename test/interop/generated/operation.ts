/**
 * A generated LDAP operation as plain data: the generator builds sequences of these, the executor
 * sends them to a server, the script writer turns them into ldap-utils commands. Values are text;
 * a value that must go out as other bytes is written `base64:<…>` (see `valueBytes`).
 */

export type Scope = 'base' | 'one' | 'sub';

export interface BindOperation {
  readonly kind: 'bind';
  readonly dn: string;
  readonly password: string;
}

export interface SearchOperation {
  readonly kind: 'search';
  readonly base: string;
  readonly scope: Scope;
  readonly filter: string;
  readonly attributes: readonly string[];
  readonly sizeLimit: number;
  readonly timeLimit: number;
  readonly typesOnly: boolean;
  /** RFC 2696 page size; the search is paged to its end. */
  readonly pageSize?: number;
}

export interface CompareOperation {
  readonly kind: 'compare';
  readonly dn: string;
  readonly attribute: string;
  readonly value: string;
}

export interface AddOperation {
  readonly kind: 'add';
  readonly dn: string;
  readonly attributes: readonly (readonly [type: string, values: readonly string[]])[];
}

export interface Change {
  readonly operation: 'add' | 'delete' | 'replace';
  readonly type: string;
  readonly values: readonly string[];
}

export interface ModifyOperation {
  readonly kind: 'modify';
  readonly dn: string;
  readonly changes: readonly Change[];
}

export interface DeleteOperation {
  readonly kind: 'delete';
  readonly dn: string;
}

export interface RenameOperation {
  readonly kind: 'rename';
  readonly dn: string;
  readonly newRdn: string;
  readonly deleteOldRdn: boolean;
  readonly newSuperior?: string;
}

export interface WhoAmIOperation {
  readonly kind: 'whoami';
}

export interface PasswordModifyOperation {
  readonly kind: 'passwordModify';
  readonly userIdentity?: string;
  readonly oldPassword?: string;
  readonly newPassword?: string;
}

/** An extended operation no server implements. */
export interface UnknownExtendedOperation {
  readonly kind: 'unknownExtended';
  readonly oid: string;
}

export type Operation =
  | BindOperation
  | SearchOperation
  | CompareOperation
  | AddOperation
  | ModifyOperation
  | DeleteOperation
  | RenameOperation
  | WhoAmIOperation
  | PasswordModifyOperation
  | UnknownExtendedOperation;

const BASE64 = 'base64:';

/** The octets a generated value stands for: `base64:<…>` marks bytes that are not UTF-8 text. */
export function valueBytes(value: string): Buffer {
  return value.startsWith(BASE64) ? Buffer.from(value.slice(BASE64.length), 'base64') : Buffer.from(value);
}

/** Whether the value is text (sent as UTF-8) rather than raw bytes. */
export function isTextValue(value: string): boolean {
  return !value.startsWith(BASE64);
}

/** One line naming the operation, shown as the step label in diffs. */
export function describeOperation(op: Operation): string {
  switch (op.kind) {
    case 'bind':
      return `bind ${JSON.stringify(op.dn)} password ${JSON.stringify(op.password)}`;
    case 'search': {
      const paging = op.pageSize === undefined ? '' : ` paged ${op.pageSize}`;
      const limits = `${op.sizeLimit > 0 ? ` size ${op.sizeLimit}` : ''}${op.timeLimit > 0 ? ` time ${op.timeLimit}` : ''}`;
      return `search ${JSON.stringify(op.base)} ${op.scope} ${op.filter} [${op.attributes.join(' ')}]${
        op.typesOnly ? ' typesOnly' : ''
      }${limits}${paging}`;
    }
    case 'compare':
      return `compare ${JSON.stringify(op.dn)} ${op.attribute}=${JSON.stringify(op.value)}`;
    case 'add':
      return `add ${JSON.stringify(op.dn)} ${JSON.stringify(op.attributes)}`;
    case 'modify':
      return `modify ${JSON.stringify(op.dn)} ${op.changes
        .map((c) => `${c.operation} ${c.type} ${JSON.stringify(c.values)}`)
        .join('; ')}`;
    case 'delete':
      return `delete ${JSON.stringify(op.dn)}`;
    case 'rename':
      return `rename ${JSON.stringify(op.dn)} to ${JSON.stringify(op.newRdn)}${
        op.deleteOldRdn ? ' deleting the old RDN' : ''
      }${op.newSuperior === undefined ? '' : ` under ${JSON.stringify(op.newSuperior)}`}`;
    case 'whoami':
      return 'whoami';
    case 'passwordModify':
      return `password modify ${JSON.stringify({
        userIdentity: op.userIdentity,
        oldPassword: op.oldPassword,
        newPassword: op.newPassword,
      })}`;
    case 'unknownExtended':
      return `extended ${op.oid}`;
  }
}
