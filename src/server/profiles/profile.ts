/**
 * A profile is the set of behaviours that make the mock look like one real server. Every quirk is
 * a named knob here with the reason it exists; the handler that implements LDAP on top of the
 * directory reads the knobs and never asks which server it is emulating.
 */

import type { DNValueStyle } from '../../core/dn.js';
import type { ExtensibleRule } from '../directory/evaluate-filter.js';
import type { SchemaOptions } from '../directory/schema.js';

export interface Profile {
  readonly name: string;
  readonly schema: SchemaOptions;
  /** Published in the subschema entry next to the schema's own descriptions. */
  readonly matchingRules: readonly string[];
  readonly ldapSyntaxes: readonly string[];

  /** DNs (entry names and DN-syntax values) are stored and returned in this escaping style. */
  readonly dnStyle: DNValueStyle;
  /** Cleartext userPassword values are stored hashed ({SSHA}), as slapd's olcPPolicyHashCleartext does. */
  readonly hashCleartextPasswords: boolean;

  readonly bind: {
    /** A DN with an empty password (RFC 4513 §5.1.2 unauthenticated bind). */
    readonly unauthenticated: { readonly code: number; readonly message: string } | 'anonymous';
    /** Empty DN with a password. */
    readonly anonymousWithPassword: { readonly code: number; readonly message: string };
    /** Text of a failed simple bind (OpenLDAP sends none, so clients cannot tell why). */
    readonly invalidCredentialsMessage: string;
    /** A SASL bind: we implement no mechanism. */
    readonly saslUnsupported: { readonly code: number; readonly message: string };
    /** A bind name that is not a DN. */
    readonly invalidName: { readonly code: number; readonly message: string };
  };

  /** Entries returned per search to anyone but the rootdn; 0 = unlimited. Result 4 past it. */
  readonly sizeLimit: number;
  /** OpenLDAP caps the total of a paged search by the size limit (size.prtotal = hard). */
  readonly pagedTotalCappedBySizeLimit: boolean;
  /** Largest page a client may ask for; 0 = no cap. */
  readonly maxPageSize: number;

  /** memberOf is operational (only with `+` or by name) in OpenLDAP, a user attribute in AD. */
  readonly memberOfIsOperational: boolean;
  /** Group object classes and the member attribute the memberOf back-link follows. */
  readonly memberOfGroups: { readonly objectClasses: readonly string[]; readonly memberAttribute: string };
  /** Attributes whose DN values follow deletes and renames (slapo-refint). */
  readonly referentialIntegrity: readonly string[];

  /** Extensible-match rules beyond the standard equality rules, by OID. */
  readonly extensibleRules: ReadonlyMap<string, ExtensibleRule>;

  readonly passwordPolicy: {
    readonly enabled: boolean;
    /** ppolicy_use_lockout: say "account locked" in the response control. */
    readonly revealLockout: boolean;
  };

  readonly whoAmI: { readonly supported: boolean };
  readonly rootDSE: {
    readonly vendorName?: string;
    readonly vendorVersion?: string;
    readonly structuralObjectClass?: string;
    readonly supportedFeatures: readonly string[];
    readonly supportedControl: readonly string[];
    readonly supportedExtension: readonly string[];
    readonly supportedSASLMechanisms: readonly string[];
    readonly subschemaSubentry: string;
  };
  /** Text for an extended operation the server does not implement. */
  readonly unsupportedExtendedOperation: { readonly code: number; readonly message: string };
}
