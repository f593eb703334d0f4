/** The scenario catalogue: every topic's scenarios, in a stable order. */
import type { Scenario } from '../scenario.js';
import { accountStates } from './account-states.js';
import { aliases } from './aliases.js';
import { ambiguous } from './ambiguous.js';
import { bindModes } from './bind-modes.js';
import { caseSensitivity } from './case.js';
import { directory } from './directory.js';
import { escaping } from './escaping.js';
import { failover } from './failover.js';
import { nesting } from './nesting.js';
import { nullBind } from './null-bind.js';
import { paging } from './paging.js';
import { policies } from './policies.js';
import { range } from './range.js';
import { referrals } from './referrals.js';
import { rotation } from './rotation.js';
import { templating } from './templating.js';
import { tls } from './tls.js';
import { tokenGroups } from './token-groups.js';

export const CATALOGUE: readonly Scenario[] = Object.freeze([
  ...escaping,
  ...templating,
  ...bindModes,
  ...nullBind,
  ...nesting,
  ...tokenGroups,
  ...caseSensitivity,
  ...aliases,
  ...policies,
  ...paging,
  ...range,
  ...tls,
  ...failover,
  ...accountStates,
  ...referrals,
  ...rotation,
  ...ambiguous,
  ...directory,
]);
