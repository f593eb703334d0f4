/** Names from fixtures/ad/default.ldif (see fixtures/README.md) used by the AD probes. */
import {
  ALICE as ALICE_PRINCIPAL,
  BOB as BOB_PRINCIPAL,
  DISABLED as DISABLED_PRINCIPAL,
  DNS_DOMAIN,
  EXPIRED as EXPIRED_PRINCIPAL,
  JSMITH as JSMITH_PRINCIPAL,
  LOCKED as LOCKED_PRINCIPAL,
  MUSTCHANGE as MUSTCHANGE_PRINCIPAL,
  NETBIOS_DOMAIN,
  OBRIEN as OBRIEN_PRINCIPAL,
  type Principal,
  SVC_LDAP as SVC_PRINCIPAL,
  USERS,
  userDN,
} from '../../../scripts/gen-ad-fixture.js';

export {
  BASE,
  BIG_GROUP_MEMBER_COUNT,
  BUILTIN,
  BULK,
  BULK_USER_COUNT,
  DNS_DOMAIN,
  NETBIOS_DOMAIN,
  USERS,
} from '../../../scripts/gen-ad-fixture.js';

/** A fixture account with its three bind names (MS-ADTS 5.1.1.1.1). */
export interface Account {
  readonly sam: string;
  readonly dn: string;
  readonly upn: string;
  /** `CORP\sam`, the NT4 form. */
  readonly nt4: string;
  readonly password: string;
}

function account(principal: Principal): Account {
  return {
    sam: principal.sam,
    dn: userDN(principal),
    upn: `${principal.sam}@${DNS_DOMAIN}`,
    nt4: `${NETBIOS_DOMAIN}\\${principal.sam}`,
    password: principal.password,
  };
}

export const SVC = account(SVC_PRINCIPAL);
export const ALICE = account(ALICE_PRINCIPAL);
export const BOB = account(BOB_PRINCIPAL);
export const DISABLED = account(DISABLED_PRINCIPAL);
export const LOCKED = account(LOCKED_PRINCIPAL);
export const EXPIRED = account(EXPIRED_PRINCIPAL);
export const MUSTCHANGE = account(MUSTCHANGE_PRINCIPAL);
export const OBRIEN = account(OBRIEN_PRINCIPAL);
export const JSMITH = account(JSMITH_PRINCIPAL);

export const DEVELOPERS = `CN=Developers,${USERS}`;
export const ENGINEERING = `CN=Engineering,${USERS}`;
export const ANNOUNCEMENTS = `CN=Announcements,${USERS}`;
export const BIG_GROUP = `CN=Big Group,${USERS}`;
export const DOMAIN_USERS = `CN=Domain Users,${USERS}`;
