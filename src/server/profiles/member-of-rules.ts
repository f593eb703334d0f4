/**
 * slapo-memberof as a profile describes it: which groups the back-link follows, under which name
 * it is read, and what a group write naming an entry that does not exist gets.
 */
import type { Refusal } from '../operations.js';

export interface MemberOfRules {
  /** Group object classes (olcMemberOfGroupOC). */
  readonly objectClasses: readonly string[];
  /** The attribute listing a group's members (olcMemberOfMemberAD). */
  readonly memberAttribute: string;
  /**
   * The attribute listing an entry's groups (olcMemberOfMemberOfAD) when it is not memberOf: a
   * user attribute such as seeAlso, whose stored values stay beside the computed ones.
   */
  readonly backLink?: string;
  /**
   * olcMemberOfDangling: a member value naming no entry is kept (undefined, `ignore`), left out of
   * the write (`drop`), or the write refused with this code and text (`error`).
   */
  readonly dangling?: 'drop' | Refusal;
}

/** slapd 2.5's text when memberof-dangling is `error`, whatever code memberof-dangling-error sets. */
export function danglingRefusal(code: number): Refusal {
  return { code, message: 'adding non-existing object as group member' };
}
