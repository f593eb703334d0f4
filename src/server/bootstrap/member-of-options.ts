/**
 * slapo-memberof's dangling and back-link options as the profile's MemberOfRules: `ignore` and
 * memberOf are what the profile does anyway; `error` refuses with memberof-dangling-error's code,
 * constraintViolation (19) unless set — which slapd reads only when the mode is `error`.
 */
import { ResultCode } from '../../core/result-code.js';
import { danglingRefusal, type MemberOfRules } from '../profiles/member-of-rules.js';
import type { ServerConfiguration } from './bootstrap-folder.js';

export function memberOfOptions(config: ServerConfiguration): Pick<MemberOfRules, 'backLink' | 'dangling'> {
  const { memberOfDangling, memberOfDanglingError, memberOfAttribute } = config;
  return {
    ...(memberOfAttribute !== undefined &&
      memberOfAttribute.toLowerCase() !== 'memberof' && { backLink: memberOfAttribute }),
    ...(memberOfDangling === 'drop' && { dangling: 'drop' as const }),
    ...(memberOfDangling === 'error' && {
      dangling: danglingRefusal(memberOfDanglingError ?? ResultCode.constraintViolation),
    }),
  };
}
