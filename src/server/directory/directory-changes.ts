/** What a write to the directory carries (the attributes of a new entry, modifications) and the event it announces. */
import type { AttributeValue, ModifyOperation } from '../operations.js';
import type { Entry } from './entry.js';

export interface NewAttribute {
  readonly type: string;
  readonly values: readonly AttributeValue[];
}

export interface DirectoryChange {
  readonly operation: ModifyOperation;
  readonly type: string;
  readonly values: readonly AttributeValue[];
}

/** What changed, for listeners such as persistence and memberOf maintenance. */
export type ChangeEvent =
  | { readonly kind: 'add'; readonly entry: Entry }
  | { readonly kind: 'modify'; readonly before: Entry; readonly after: Entry }
  | { readonly kind: 'delete'; readonly entry: Entry }
  | { readonly kind: 'rename'; readonly before: Entry; readonly after: Entry };
