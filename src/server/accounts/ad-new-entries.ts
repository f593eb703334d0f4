/** A new object in an AD domain: a unicodePwd given on add checked and encoded, and what the DC fills in. */
import { GroupType, UserAccountControl } from '../../core/active-directory.js';
import { filetimeNever } from '../../core/filetime.js';
import { decodeSid, encodeSid } from '../../core/sid.js';
import type { NewAttribute } from '../directory/directory-changes.js';
import { objectCategoryOf } from '../matching/ad-object-category.js';
import type { LdapResult, OperationContext } from '../operations.js';
import { type AdDomain, refuse } from './ad-account-context.js';
import { accountPolicy } from './ad-password-policy.js';
import { decodePassword, encodedPassword, forbiddenNames, isComplex, toBuffer } from './ad-passwords.js';

/** The attributes of a new object as stored: a unicodePwd checked against the domain policy and encoded, plus the defaults. */
export function newEntry(
  domain: AdDomain,
  ctx: OperationContext,
  attributes: readonly NewAttribute[],
): NewAttribute[] | LdapResult {
  const password = attributes.find((a) => a.type.toLowerCase() === 'unicodepwd')?.values[0];
  if (password === undefined || !isAccount(attributes))
    return [...attributes, ...accountDefaults(domain, attributes)];
  const out = attributes.filter((a) => a.type.toLowerCase() !== 'unicodepwd');
  const { plaintextPasswordWrite, texts } = domain.options;
  if (plaintextPasswordWrite && !ctx.session.encrypted) return refuse(plaintextPasswordWrite);
  const text = decodePassword(toBuffer(password));
  if (text === undefined) return refuse(texts.malformedPassword);
  const { minPwdLength, complexity } = accountPolicy(domain);
  if ([...text].length < minPwdLength) return refuse(texts.passwordRejected('tooShort', minPwdLength));
  const attributeText = (type: string) => {
    const value = attributes.find((a) => a.type.toLowerCase() === type)?.values[0];
    return value === undefined ? undefined : toBuffer(value).toString('utf8');
  };
  const names = forbiddenNames(domain.options, attributeText('samaccountname'), attributeText('displayname'));
  if (complexity && !isComplex(text, names))
    return refuse(texts.passwordRejected('notComplex', minPwdLength));
  out.push({ type: 'unicodePwd', values: [encodedPassword(text)] });
  out.push({ type: 'pwdLastSet', values: [String(domain.nowFiletime())] });
  return [...out, ...accountDefaults(domain, attributes)];
}

/**
 * What the DC fills in on a new object that does not carry it: the objectCategory of its class,
 * and for users and groups a SID with the next RID and the account defaults (an ldapadd gets
 * them; so does an entry loaded from a fixture).
 */
export function accountDefaults(domain: AdDomain, attributes: readonly NewAttribute[]): NewAttribute[] {
  const classes = objectClasses(attributes);
  const isUser = classes.includes('user');
  const isGroup = classes.includes('group');
  const has = (type: string) => attributes.some((a) => a.type.toLowerCase() === type.toLowerCase());
  const out: NewAttribute[] = [];
  const category = has('objectCategory') ? undefined : objectCategoryOf(classes, domain.baseDN);
  if (category) out.push({ type: 'objectCategory', values: [category] });
  if (!isUser && !isGroup) return out;
  if (!has('objectSid')) {
    const sid = nextSid(domain);
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
  return out;
}

/** The domain SID with the next free RID (AD's RID master hands them out in order). */
function nextSid(domain: AdDomain): Buffer | undefined {
  const { directory } = domain;
  const domainSid = directory.get(domain.baseDN)?.get('objectsid')?.values[0];
  if (!domainSid || typeof domainSid === 'string') return undefined;
  // A domain account's SID is the domain SID with one more sub-authority (the RID, little-endian
  // in the last four bytes) and the count in byte 1 one higher: compared as bytes, not decoded.
  let highest = 1000;
  for (const entry of directory.all()) {
    const sid = entry.get('objectsid')?.values[0];
    if (!sid || typeof sid === 'string' || sid.length !== domainSid.length + 4) continue;
    if (
      sid[1] !== domainSid[1]! + 1 ||
      sid.compare(domainSid, 2, domainSid.length, 2, domainSid.length) !== 0
    )
      continue;
    highest = Math.max(highest, sid.readUInt32LE(domainSid.length));
  }
  return encodeSid(`${decodeSid(domainSid)}-${highest + 1}`);
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
