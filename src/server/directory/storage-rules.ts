/** How the emulated server stores the DNs and values it is given (StorageRules), and the rules that store them as given. */
import type { RDN } from '../../core/dn-parse.js';
import type { AttributeValue } from '../operations.js';
import type { ResolvedAttributeType } from './schema-attribute-types.js';

/**
 * How the emulated server stores what it is given: slapd rewrites DNs into its own escaping and
 * hashes cleartext passwords; a value read back is the stored form, not the one written.
 */
export interface StorageRules {
  /** `parsed`: the DN's RDNs when the caller has them already (loading 100k entries parses each once). */
  dn(dn: string, parsed?: readonly RDN[]): string;
  value(type: ResolvedAttributeType, value: AttributeValue): AttributeValue;
  /** Duplicates of this type are found octet by octet, not by its equality rule (Samba's database). */
  exactDuplicates?(type: ResolvedAttributeType): boolean;
  /** A second value of a single-valued type is refused before a value already there (Samba). */
  readonly singleValueFirst?: boolean;
  /** A type single-valued on some entries only (AD: a security principal's description), given its attributes. */
  singleValued?(
    type: ResolvedAttributeType,
    attributes: ReadonlyMap<string, { readonly values: readonly unknown[] }>,
  ): boolean;
}

/** Stores everything as given. */
export const verbatimStorage: StorageRules = { dn: (dn) => dn, value: (_type, value) => value };
