/**
 * How slapd 2.5's frontend words what it refuses before a database sees a write
 * (servers/slapd/add.c, modify.c, delete.c, modrdn.c; each answer seen from the real server in
 * the generated differential tests).
 */
import { ResultCode } from '../../core/result-code.js';
import type { ViolationContext } from '../directory/violation.js';
import type { Refusal } from '../operations.js';
import type { FrontendRefusal } from './profile.js';

const refuse = (code: number, message: string): Refusal => ({ code, message });

/** Per operation: the root DSE and the subschema entry are the frontend's own. */
const OWN_ENTRIES: Record<ViolationContext['operation'], { rootDSE: Refusal; subschema: Refusal }> = {
  add: {
    rootDSE: refuse(ResultCode.entryAlreadyExists, 'root DSE already exists'),
    subschema: refuse(ResultCode.entryAlreadyExists, 'subschema subentry already exists'),
  },
  modify: {
    rootDSE: refuse(ResultCode.unwillingToPerform, 'modify upon the root DSE not supported'),
    subschema: refuse(ResultCode.unwillingToPerform, 'modification of subschema subentry not supported'),
  },
  // slapd words a delete of the subschema entry as one of the root DSE.
  delete: {
    rootDSE: refuse(ResultCode.unwillingToPerform, 'cannot delete the root DSE'),
    subschema: refuse(ResultCode.unwillingToPerform, 'cannot delete the root DSE'),
  },
  modifyDN: {
    rootDSE: refuse(ResultCode.unwillingToPerform, 'cannot rename the root DSE'),
    subschema: refuse(ResultCode.unwillingToPerform, 'cannot rename subschema subentry'),
  },
};

export function slapdFrontend(refusal: FrontendRefusal, operation: ViolationContext['operation']): Refusal {
  switch (refusal.kind) {
    case 'valuesMissing':
      return refuse(
        ResultCode.protocolError,
        operation === 'add' ? 'no values for attribute type' : 'modify/add operation requires values',
      );
    case 'noAttributes':
      return refuse(ResultCode.protocolError, 'no attributes provided');
    case 'rootDSE':
    case 'subschema':
      return OWN_ENTRIES[operation][refusal.kind];
    case 'noNamingContext':
      return refuse(ResultCode.unwillingToPerform, 'no global superior knowledge');
    case 'invalidNewSuperior':
      return refuse(ResultCode.invalidDNSyntax, 'invalid newSuperior');
    case 'placedUnderItself':
      return refuse(ResultCode.unwillingToPerform, `cannot place an entry ${refusal.direction} itself`);
    case 'acrossDatabases':
      return refuse(ResultCode.affectsMultipleDSAs, 'cannot rename between DSAs');
    case 'repeatedAttribute':
      return refuse(
        ResultCode.attributeOrValueExists,
        `attribute '${refusal.attribute}' provided more than once`,
      );
  }
}
