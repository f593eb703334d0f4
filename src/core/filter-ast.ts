/**
 * The search filter of RFC 4511 §4.5.1 as a tree. Assertion values are raw octets (`Buffer`):
 * a filter may carry any bytes (binary SIDs, non-UTF-8), and only a matching rule knows
 * whether to read them as text.
 */
export type Filter =
  | AndFilter
  | OrFilter
  | NotFilter
  | EqualityFilter
  | SubstringsFilter
  | GreaterOrEqualFilter
  | LessOrEqualFilter
  | PresentFilter
  | ApproxFilter
  | ExtensibleFilter;

export interface AndFilter {
  readonly type: 'and';
  readonly filters: readonly Filter[];
}
export interface OrFilter {
  readonly type: 'or';
  readonly filters: readonly Filter[];
}
export interface NotFilter {
  readonly type: 'not';
  readonly filter: Filter;
}
export interface EqualityFilter {
  readonly type: 'equality';
  readonly attribute: string;
  readonly value: Buffer;
}
export interface SubstringsFilter {
  readonly type: 'substrings';
  readonly attribute: string;
  readonly initial?: Buffer;
  readonly any: readonly Buffer[];
  readonly final?: Buffer;
}
export interface GreaterOrEqualFilter {
  readonly type: 'greaterOrEqual';
  readonly attribute: string;
  readonly value: Buffer;
}
export interface LessOrEqualFilter {
  readonly type: 'lessOrEqual';
  readonly attribute: string;
  readonly value: Buffer;
}
export interface PresentFilter {
  readonly type: 'present';
  readonly attribute: string;
}
export interface ApproxFilter {
  readonly type: 'approx';
  readonly attribute: string;
  readonly value: Buffer;
}
/** `attr:dn:rule:=value`; at least one of `attribute` and `matchingRule` is set. */
export interface ExtensibleFilter {
  readonly type: 'extensible';
  readonly attribute?: string;
  readonly matchingRule?: string;
  readonly dnAttributes: boolean;
  readonly value: Buffer;
}
