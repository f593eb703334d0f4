/**
 * Errors of the authenticator's configuration: one `LdapConfigError` per problem (which key,
 * why), gathered into one `LdapConfigErrors` so a user fixes every problem in one round.
 * A reason never quotes the value of a secret key (bindpass, client_tls_key).
 */
import { LdapAuthError } from './base.js';

/** One problem with one configuration key. `message` is `<key>: <reason>`. */
export class LdapConfigError extends LdapAuthError {
  override readonly name: string = 'LdapConfigError';
  /** The configuration key, e.g. `url`, or `(config)` for the configuration as a whole. */
  readonly key: string;
  readonly reason: string;

  constructor(key: string, reason: string) {
    super('config', `${key}: ${reason}`);
    this.key = key;
    this.reason = reason;
  }

  protected override jsonFields(): Record<string, unknown> {
    return { key: this.key, reason: this.reason };
  }
}

/** Every problem found in a configuration, in key order of the input, then cross-key checks. */
export class LdapConfigErrors extends LdapAuthError {
  override readonly name: string = 'LdapConfigErrors';
  readonly errors: readonly LdapConfigError[];

  constructor(errors: readonly LdapConfigError[]) {
    const count = errors.length;
    super(
      'config',
      count === 1
        ? `invalid LDAP auth configuration: ${errors[0]!.message}`
        : `invalid LDAP auth configuration (${count} problems):\n${errors.map((e) => `  ${e.message}`).join('\n')}`,
    );
    this.errors = errors;
  }

  /** The problems with one key. */
  forKey(key: string): LdapConfigError[] {
    return this.errors.filter((e) => e.key === key);
  }

  protected override jsonFields(): Record<string, unknown> {
    return { errors: this.errors.map((e) => ({ key: e.key, reason: e.reason })) };
  }
}
