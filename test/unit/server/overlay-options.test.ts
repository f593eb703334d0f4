/**
 * The ppolicy and memberof options read as slapd 2.5 reads them (values checked with slaptest and
 * over cn=config): cn=config booleans in upper case only, slapd.conf flags on/off/yes/no/true/false
 * or bare, dangling modes in any case, result codes by number or by slapd's own names.
 */
import { describe, expect, it } from 'vitest';
import type { ServerConfiguration } from '../../../src/server/bootstrap/bootstrap-folder.js';
import { optionOverlay, overlayOption } from '../../../src/server/bootstrap/overlay-options.js';

function read(form: 'cn=config' | 'slapd.conf', name: string, value: string) {
  const server: ServerConfiguration = {};
  return { taken: overlayOption(server, form, name, value), server };
}

describe('ppolicy use-lockout and forward-updates', () => {
  it('cn=config takes TRUE and FALSE only', () => {
    expect(read('cn=config', 'olcPPolicyUseLockout', 'TRUE').server).toEqual({
      passwordPolicyUseLockout: true,
    });
    expect(read('cn=config', 'olcppolicyuselockout', 'FALSE').server).toEqual({
      passwordPolicyUseLockout: false,
    });
    expect(read('cn=config', 'olcPPolicyUseLockout', 'true').taken).toBe(
      'expected TRUE or FALSE, got "true"',
    );
    expect(read('cn=config', 'olcPPolicyUseLockout', 'yes').taken).toBe('expected TRUE or FALSE, got "yes"');
  });

  it('slapd.conf takes a bare directive as on, and on/off, yes/no, true/false', () => {
    expect(read('slapd.conf', 'ppolicy_use_lockout', '').server).toEqual({ passwordPolicyUseLockout: true });
    expect(read('slapd.conf', 'ppolicy_use_lockout', 'off').server).toEqual({
      passwordPolicyUseLockout: false,
    });
    expect(read('slapd.conf', 'ppolicy_use_lockout', 'No').server).toEqual({
      passwordPolicyUseLockout: false,
    });
    expect(read('slapd.conf', 'ppolicy_use_lockout', 'x').taken).toBe('expected on or off, got "x"');
  });

  it('forward updates is accepted and changes nothing (a single provider records its own binds)', () => {
    expect(read('cn=config', 'olcPPolicyForwardUpdates', 'TRUE')).toEqual({ taken: true, server: {} });
    expect(read('slapd.conf', 'ppolicy_forward_updates', '')).toEqual({ taken: true, server: {} });
    expect(read('cn=config', 'olcPPolicyForwardUpdates', 'on').taken).toBe(
      'expected TRUE or FALSE, got "on"',
    );
  });
});

describe('memberof dangling, dangling-error and memberof-ad', () => {
  it('dangling: ignore, drop or error, in any case', () => {
    expect(read('cn=config', 'olcMemberOfDangling', 'Drop').server).toEqual({ memberOfDangling: 'drop' });
    expect(read('slapd.conf', 'memberof-dangling', 'error').server).toEqual({ memberOfDangling: 'error' });
    expect(read('slapd.conf', 'memberof-dangling', 'bogus').taken).toBe(
      'expected ignore, drop or error, got "bogus"',
    );
  });

  it("dangling-error: a number, 0x hex, or slapd's name (insufficientAccess, not RFC's insufficientAccessRights)", () => {
    const code = (value: string) =>
      read('cn=config', 'olcMemberOfDanglingError', value).server.memberOfDanglingError;
    expect(code('53')).toBe(53);
    expect(code('0x35')).toBe(53);
    expect(code('unwillingtoperform')).toBe(53);
    expect(code('insufficientAccess')).toBe(50);
    expect(code('typeOrValueExists')).toBe(20);
    expect(code('syncRefreshRequired')).toBe(4096);
    expect(read('cn=config', 'olcMemberOfDanglingError', 'insufficientAccessRights').taken).toMatch(
      /^expected a result code/,
    );
  });

  it('memberof-ad: an attribute name, its schema checked later', () => {
    expect(read('cn=config', 'olcMemberOfMemberOfAD', 'isMemberOf').server).toEqual({
      memberOfAttribute: 'isMemberOf',
    });
    expect(read('slapd.conf', 'memberof-memberof-ad', 'not an attribute').taken).toMatch(
      /^expected an attribute name/,
    );
  });

  it('other names are not read here; slapd.conf options name their overlay', () => {
    expect(read('cn=config', 'olcMemberOfGroupOC', 'groupOfNames').taken).toBe(false);
    expect(optionOverlay('ppolicy_use_lockout')).toBe('ppolicy');
    expect(optionOverlay('memberof-dangling-error')).toBe('memberof');
    expect(optionOverlay('memberof-group-oc')).toBeUndefined();
    expect(optionOverlay('olcMemberOfDangling')).toBeUndefined();
  });
});
