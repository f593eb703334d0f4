/**
 * The openldap profile as a bootstrap folder's cn=config sets it up: the memberof overlay's group
 * class and member attribute, refint's attributes, ppolicy's default policy, the size limit. The
 * profile's own values are the built-in fixture's configuration (scripts/slapd-up.sh's), nothing more.
 */
import type { Profile } from '../profiles/profile.js';
import type { ServerConfiguration } from './bootstrap-folder.js';

/** One profile per configuration, so that servers started from the same folder share built directories. */
const configured = new Map<string, Profile>();

export function configuredProfile(profile: Profile, config: ServerConfiguration): Profile {
  const { memberOfGroupClass, memberOfMemberAttribute, passwordPolicyDefault, refintAttributes, sizeLimit } =
    config;
  const changes = {
    memberOfGroupClass,
    memberOfMemberAttribute,
    passwordPolicyDefault,
    refintAttributes,
    sizeLimit,
  };
  if (Object.values(changes).every((value) => value === undefined)) return profile;
  const key = JSON.stringify([profile.name, changes]);
  let variant = configured.get(key);
  if (!variant) configured.set(key, (variant = variantOf(profile, config)));
  return variant;
}

function variantOf(profile: Profile, config: ServerConfiguration): Profile {
  const { memberOfGroupClass, memberOfMemberAttribute, passwordPolicyDefault, refintAttributes, sizeLimit } =
    config;
  return {
    ...profile,
    memberOfGroups: {
      objectClasses: memberOfGroupClass ? [memberOfGroupClass] : profile.memberOfGroups.objectClasses,
      memberAttribute: memberOfMemberAttribute ?? profile.memberOfGroups.memberAttribute,
    },
    ...(sizeLimit !== undefined && { limits: { ...profile.limits, sizeLimit } }),
    // memberOf is computed here, never stored: nothing for refint to follow.
    ...(refintAttributes && {
      referentialIntegrity: refintAttributes.filter((a) => a.toLowerCase() !== 'memberof'),
    }),
    ...(passwordPolicyDefault && {
      accounts: (environment) =>
        profile.accounts({ ...environment, passwordPolicyDN: passwordPolicyDefault }),
    }),
  };
}
