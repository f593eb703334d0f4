/**
 * Our own authenticator (`ldapmock/client`) as a conformance adapter: every action, every key,
 * and its typed errors mapped to the scenario error kinds.
 */
import {
  type AccountState,
  AccountStateError,
  ConnectionError,
  DirectoryOperationError,
  EmptyPasswordError,
  EntityAliasError,
  GroupSearchConnectError,
  GroupSearchError,
  InsecureConnectionError,
  type LdapAuthConfig,
  LdapAuthenticator,
  LdapConfigError,
  LdapConfigErrors,
  LoginDeniedError,
  UserNotFoundError,
} from '../../client/index.js';
import { ResultCode } from '../../core/result-code.js';
import { type AdapterContext, type ConformanceAdapter, ConformanceError } from '../adapter.js';
import type { ErrorKind } from '../scenario.js';

const STATE_KINDS: Record<AccountState, ErrorKind> = {
  accountLocked: 'account-locked',
  accountDisabled: 'account-disabled',
  accountExpired: 'account-expired',
  passwordExpired: 'password-expired',
  passwordMustChange: 'password-must-change',
  invalidLogonHours: 'logon-hours',
  invalidWorkstation: 'workstation',
};

/** The scenario error kind of one of our authenticator's errors. */
export function errorKindOf(error: unknown): ErrorKind {
  if (error instanceof AccountStateError) return STATE_KINDS[error.state];
  if (error instanceof LoginDeniedError || error instanceof EmptyPasswordError) return 'denied';
  if (error instanceof ConnectionError) return 'unavailable';
  if (error instanceof LdapConfigErrors || error instanceof LdapConfigError) return 'config';
  if (error instanceof GroupSearchError || error instanceof GroupSearchConnectError)
    return 'group-search-failed';
  if (error instanceof EntityAliasError) return 'alias-failed';
  if (error instanceof InsecureConnectionError) return 'insecure-connection';
  if (error instanceof UserNotFoundError) return 'user-not-found';
  if (
    error instanceof DirectoryOperationError &&
    error.step === 'passwordChange' &&
    (error.code === ResultCode.constraintViolation || error.code === ResultCode.unwillingToPerform)
  ) {
    return 'password-rejected';
  }
  return 'failed';
}

function authenticator(config: Readonly<Record<string, unknown>>, context?: AdapterContext) {
  try {
    return new LdapAuthenticator(config as LdapAuthConfig, { policies: context?.policies ?? {} });
  } catch (error) {
    throw asConformanceError(error);
  }
}

function asConformanceError(error: unknown): ConformanceError {
  if (error instanceof ConformanceError) return error;
  return new ConformanceError(errorKindOf(error), error instanceof Error ? error.message : String(error));
}

async function run<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw asConformanceError(error);
  }
}

export const builtinAdapter: ConformanceAdapter = {
  name: 'ldapmock',
  capabilities: { actions: ['login', 'listUsers', 'testConnection', 'rotatePassword'] },
  login: (config, username, password, context) =>
    run(async () => {
      const result = await authenticator(config, context).login(username, password);
      return {
        userDN: result.userDN,
        groups: result.ldapGroups,
        policies: result.policies,
        alias: result.alias,
      };
    }),
  listUsers: (config, options) =>
    run(async () => {
      const { users } = await authenticator(config).listUsers(
        options.pageSize === undefined ? {} : { pageSize: options.pageSize },
      );
      return { usernames: users.map((user) => user.username) };
    }),
  testConnection: (config) =>
    run(async () => {
      const { protection, provider } = await authenticator(config).testConnection();
      return { protection, provider };
    }),
  rotatePassword: (config, username, newPassword) =>
    run(async () => ({ dn: (await authenticator(config).rotatePassword(username, newPassword)).dn })),
};
