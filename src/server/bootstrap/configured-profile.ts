/**
 * The openldap profile as a bootstrap folder's cn=config sets it up: the memberof overlay's group
 * class and member attribute, refint's attributes, ppolicy's default policy, the search limits,
 * sssvlv (sorting and the virtual list view, offered in supportedControl) and unique's domains. The
 * profile's own values are the built-in fixture's configuration (scripts/slapd-up.sh's), nothing more.
 */
import { ControlOid } from '../../core/control-oids.js';
import { identify, identityOf } from '../content-identity.js';
import type { Profile } from '../profiles/profile.js';
import type { ServerConfiguration } from './bootstrap-folder.js';
import { memberOfOptions } from './member-of-options.js';

/** One profile per configuration, so that servers started from the same folder share built directories. */
const configured = new Map<string, Profile>();

export function configuredProfile(profile: Profile, config: ServerConfiguration): Profile {
  // TLS and authz-regexp configure the listener and the engine, not the profile.
  const { tls: _certificate, tlsVerifyClient: _verify, authzRegexp: _authz, ...changes } = config;
  if (Object.values(changes).every((value) => value === undefined)) return profile;
  const key = JSON.stringify([profile.name, changes]);
  let variant = configured.get(key);
  if (!variant) {
    variant = variantOf(profile, config);
    // What it is: its base and the settings (images of data loaded on it name it so).
    const base = identityOf(profile);
    if (base !== undefined) identify(variant, `${base} ${key}`);
    configured.set(key, variant);
  }
  return variant;
}

function variantOf(profile: Profile, config: ServerConfiguration): Profile {
  const {
    memberOfGroupClass,
    memberOfMemberAttribute,
    passwordPolicyDefault,
    passwordPolicyUseLockout,
    refintAttributes,
    limits,
    identityLimits,
    sortedViews,
    unique,
  } = config;
  return {
    ...profile,
    memberOfGroups: {
      objectClasses: memberOfGroupClass ? [memberOfGroupClass] : profile.memberOfGroups.objectClasses,
      memberAttribute: memberOfMemberAttribute ?? profile.memberOfGroups.memberAttribute,
      ...memberOfOptions(config),
    },
    limits: {
      ...profile.limits,
      ...(limits && { sizeLimit: limits.size.soft, sizeHardLimit: limits.size.hard, timeLimit: limits.time }),
      ...(identityLimits && { identityLimits }),
    },
    // memberOf is computed here, never stored: nothing for refint to follow.
    ...(refintAttributes && {
      referentialIntegrity: refintAttributes.filter((a) => a.toLowerCase() !== 'memberof'),
    }),
    ...(sortedViews && {
      sortedViews,
      rootDSE: {
        ...profile.rootDSE,
        supportedControl: [
          ...profile.rootDSE.supportedControl,
          ControlOid.serverSort,
          ControlOid.virtualListView,
        ],
      },
    }),
    ...(unique && unique.length > 0 && { unique }),
    ...((passwordPolicyDefault || passwordPolicyUseLockout !== undefined) && {
      accounts: (environment) =>
        profile.accounts({
          ...environment,
          ...(passwordPolicyDefault && { passwordPolicyDN: passwordPolicyDefault }),
          ...(passwordPolicyUseLockout !== undefined && { passwordPolicyLockout: passwordPolicyUseLockout }),
        }),
    }),
  };
}
