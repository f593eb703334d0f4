/** A new object in an AD domain: a unicodePwd given on add checked and encoded, and what the DC fills in. */
import { GroupType, UserAccountControl } from '../../core/active-directory.js';
import { filetimeNever } from '../../core/filetime.js';
import type { NewAttribute } from '../directory/directory-changes.js';
import { objectCategoryOf } from '../matching/ad-object-category.js';
import type { LdapResult, OperationContext } from '../operations.js';
import { type AdDomain, refuse } from './ad-account-context.js';
import { accountPolicy } from './ad-password-policy.js';
import { decodePassword, encodedPassword, forbiddenNames, isComplex, toBuffer } from './ad-passwords.js';
import { nextSid } from './ad-rid-pool.js';

/** The attributes of a new object as stored: a unicodePwd checked against the domain policy and encoded, plus the defaults. */
export function newEntry(
  domain: AdDomain,
  ctx: OperationContext,
  attributes: readonly NewAttribute[],
): NewAttribute[] | LdapResult {
  const given = domain.options.controlAsNumber ? withAccountControl(attributes) : attributes;
  const password = given.find((a) => a.type.toLowerCase() === 'unicodepwd')?.values[0];
  if (password === undefined || !isAccount(given))
    return sidFirst(domain, [...given, ...accountDefaults(domain, given, true)]);
  const out = given.filter((a) => a.type.toLowerCase() !== 'unicodepwd');
  const { plaintextPasswordWrite, texts } = domain.options;
  if (plaintextPasswordWrite && !ctx.session.encrypted) return refuse(plaintextPasswordWrite);
  const text = decodePassword(toBuffer(password));
  if (text === undefined) return refuse(texts.malformedPassword);
  const { minPwdLength, complexity } = accountPolicy(domain);
  if ([...text].length < minPwdLength) return refuse(texts.passwordRejected('tooShort', minPwdLength));
  const attributeText = (type: string) => {
    const value = given.find((a) => a.type.toLowerCase() === type)?.values[0];
    return value === undefined ? undefined : toBuffer(value).toString('utf8');
  };
  const names = forbiddenNames(domain.options, attributeText('samaccountname'), attributeText('displayname'));
  if (complexity && !isComplex(text, names))
    return refuse(texts.passwordRejected('notComplex', minPwdLength));
  out.push({ type: 'unicodePwd', values: [encodedPassword(text)] });
  out.push({ type: 'pwdLastSet', values: [String(domain.nowFiletime())] });
  return sidFirst(domain, [...out, ...accountDefaults(domain, given, true)]);
}

/**
 * Where Samba assigns a SID next to a given one, it finds that second value before any other
 * attribute's problem: the objectSid values go first.
 */
function sidFirst(domain: AdDomain, attributes: NewAttribute[]): NewAttribute[] {
  if (!domain.options.sidAlwaysAssigned) return attributes;
  const isSid = (a: NewAttribute) => a.type.toLowerCase() === 'objectsid';
  return [...attributes.filter(isSid), ...attributes.filter((a) => !isSid(a))];
}

/**
 * A new user's userAccountControl as Samba's samldb stores it: the value read as a decimal number
 * (0 when it is not one), NORMAL_ACCOUNT added when it names no account type.
 */
function withAccountControl(attributes: readonly NewAttribute[]): readonly NewAttribute[] {
  if (!objectClasses(attributes).includes('user')) return attributes;
  return attributes.map((attribute) => {
    if (attribute.type.toLowerCase() !== 'useraccountcontrol' || attribute.values.length !== 1)
      return attribute;
    const text = toBuffer(attribute.values[0]!).toString('utf8');
    let control = /^\s*\+?\d+\s*$/.test(text) ? Number(text) : 0;
    if ((control & UserAccountControl.accountTypes) === 0) control |= UserAccountControl.normalAccount;
    return { ...attribute, values: [String(control)] };
  });
}

/**
 * What the DC fills in on a new object that does not carry it: the objectCategory of its class,
 * and for users and groups a SID with the next RID and the account defaults (an ldapadd gets
 * them; so does an entry loaded from a fixture).
 */
export function accountDefaults(
  domain: AdDomain,
  attributes: readonly NewAttribute[],
  overLdap = false,
): NewAttribute[] {
  const classes = objectClasses(attributes);
  const isUser = classes.includes('user');
  const isGroup = classes.includes('group');
  const has = (type: string) => attributes.some((a) => a.type.toLowerCase() === type.toLowerCase());
  const out: NewAttribute[] = [];
  const category = has('objectCategory') ? undefined : objectCategoryOf(classes, domain.baseDN);
  if (category) out.push({ type: 'objectCategory', values: [category] });
  if (!isUser && !isGroup) return out;
  // Samba gives a new account its SID whatever the request holds: a given one is a second value.
  if (!has('objectSid') || (overLdap && domain.options.sidAlwaysAssigned === true)) {
    const sid = nextSid(domain.directory, domain.baseDN);
    if (sid) out.push({ type: 'objectSid', values: [sid] });
  }
  if (isUser) {
    const { normalAccount, passwordNotRequired, accountDisable } = UserAccountControl;
    const password = has('unicodePwd');
    if (!password && !has('pwdLastSet')) out.push({ type: 'pwdLastSet', values: ['0'] });
    if (!has('primaryGroupID')) out.push({ type: 'primaryGroupID', values: ['513'] });
    if (!has('sAMAccountType')) out.push({ type: 'sAMAccountType', values: ['805306368'] });
    if (!has('accountExpires')) out.push({ type: 'accountExpires', values: [String(filetimeNever)] });
    if (!has('userAccountControl'))
      out.push({
        type: 'userAccountControl',
        values: [String(password ? normalAccount : normalAccount | passwordNotRequired | accountDisable)],
      });
  }
  // A global security group; groupType is a signed 32-bit integer on the wire.
  if (isGroup && !has('groupType'))
    out.push({ type: 'groupType', values: [String(GroupType.security | GroupType.globalScope | 0)] });
  if (isGroup && !has('sAMAccountType'))
    out.push({ type: 'sAMAccountType', values: [groupAccountType(attributes)] });
  return out;
}

/**
 * A group's sAMAccountType by its groupType (MS-SAMR 2.2.1.9): domain-local groups are aliases,
 * global and universal ones groups; a distribution list is the non-security kind of each.
 */
function groupAccountType(attributes: readonly NewAttribute[]): string {
  const given = attributes.find((a) => a.type.toLowerCase() === 'grouptype')?.values[0];
  const groupType =
    given === undefined
      ? GroupType.security | GroupType.globalScope
      : Number(toBuffer(given).toString('utf8'));
  const alias = (groupType & GroupType.domainLocalScope) !== 0;
  const security = (groupType & GroupType.security) !== 0;
  return String((alias ? 0x20000000 : 0x10000000) + (security ? 0 : 1));
}

function objectClasses(attributes: readonly NewAttribute[]): string[] {
  return attributes
    .filter((a) => a.type.toLowerCase() === 'objectclass')
    .flatMap((a) => a.values.map((v) => toBuffer(v).toString('utf8').toLowerCase()));
}

function isAccount(attributes: readonly NewAttribute[]): boolean {
  const classes = objectClasses(attributes);
  return classes.includes('user') || classes.includes('group');
}
