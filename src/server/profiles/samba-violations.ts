/**
 * How Samba 4.17 answers what the directory refuses: result code and text for each violation,
 * measured with ldap3 against a Samba AD DC loaded with fixtures/ad/default.ldif, as
 * Administrator (test/interop/probes-ad/write-probes.ts holds each case). Samba names the entry
 * in most texts, in one of three forms depending on the module that refuses (ViolationContext):
 * the DN as the request gave it, the entry's DN as stored, or for a new entry its DN as Samba
 * rewrites it (RDN type upper-cased, the parent as stored). Its matchedDN is always empty.
 */
import { adAttributeId } from '../../core/ad-attribute-id.js';
import { ResultCode } from '../../core/result-code.js';
import type { Violation, ViolationContext } from '../directory/violation.js';
import type { Refusal } from '../operations.js';

type Answer = Refusal & { readonly matchedDN?: string };

const refuse = (code: number, message: string): Answer => ({ code, message, matchedDN: '' });

/** Attributes Samba stores on every object that the mock computes or leaves out: they count in `value #N`. */
const HIDDEN_STORED = [
  '1.2.840.113556.1.2.281', // nTSecurityDescriptor
  '1.2.840.113556.1.4.1', // name
  '1.2.840.113556.1.4.3', // replPropertyMetaData
];

/**
 * Samba's `value #N` of an existing value: N is the position of the attribute in the stored
 * object, whose attributes Samba keeps in ATTRTYP order (exact for an object not modified since
 * it was added; a replace moves an attribute to the end in Samba).
 */
export function storedPosition(storedAttributes: readonly string[], oid: string): number {
  const own = adAttributeId(oid);
  if (own === undefined) return Math.max(0, storedAttributes.indexOf(oid));
  const ids = new Set(
    [...storedAttributes, ...HIDDEN_STORED].map(adAttributeId).filter((id) => id !== undefined),
  );
  return [...ids].filter((id) => id < own).length;
}

/** Samba's texts for what a system-only attribute's module says, where it is not objectclass_attrs. */
const SYSTEM_ONLY_TEXTS: Readonly<Record<string, (dn: string, attribute: string) => Answer>> = {
  memberof: (dn, attribute) =>
    refuse(
      ResultCode.unwillingToPerform,
      `00002035: objectclass_attrs: attribute '${attribute}' on entry '${dn}' must not be modified directly, it is a linked attribute`,
    ),
  instancetype: () =>
    refuse(
      ResultCode.constraintViolation,
      "0000202F: instancetype: the 'instanceType' attribute can never be changed!",
    ),
  objectsid: () =>
    refuse(ResultCode.unwillingToPerform, '00002035: samldb: objectSid must not be specified!'),
};

const NO_SUCH_ENTRY: Readonly<Record<ViolationContext['operation'], (dn: string) => string>> = {
  add: (dn) => `00002030: objectclass: Cannot add ${dn}, parent does not exist!`,
  modify: (dn) => `00002030: No such Base DN: ${dn}`,
  delete: (dn) => `00002030: objectclass: Cannot delete ${dn}, entry does not exist!`,
  modifyDN: (dn) => `00002030: objectclass: Cannot rename ${dn}, entry does not exist!`,
};

/** What the acl module says to a session that may not write (a delete names the parent). */
const ACCESS_DENIED: Readonly<Record<ViolationContext['operation'], (dn: string, parent: string) => string>> =
  {
    add: (dn) => `acl: unable to get access to ${dn}\n`,
    modify: (dn) => `00002098: Object ${dn} has no write property access\n`,
    delete: (_dn, parent) => `dsdb_access: Access check failed on ${parent}`,
    modifyDN: (dn) => `00002098: Object ${dn} has no wp on name\n`,
  };

const protocolError = refuse(
  ResultCode.protocolError,
  '00002021: Protocol error. Invalid LDAP_MODIFY_* type',
);

export function sambaViolation(violation: Violation, context?: ViolationContext): Answer {
  const operation = context?.operation ?? 'modify';
  const requested = context?.dn ?? '';
  const stored = context?.storedDN ?? requested;
  // A new entry (or a renamed one) by the DN Samba gives it; an existing one as stored.
  const entry = operation === 'add' || operation === 'modifyDN' ? (context?.newDN ?? requested) : stored;
  const adding = operation === 'add';
  switch (violation.kind) {
    case 'noValues': {
      const name = violation.typeName ?? violation.attribute;
      return refuse(
        ResultCode.constraintViolation,
        adding
          ? `attribute '${name}' on '${entry}' specified, but with 0 values (illegal)`
          : `attribute '${name}': attribute on '${stored}' specified, but with 0 values (illegal)`,
      );
    }
    case 'duplicateValue': {
      const name = violation.typeName ?? violation.attribute;
      const value = violation.value ?? '';
      if (violation.during === 'add') {
        return refuse(
          ResultCode.attributeOrValueExists,
          `attribute '${name}': value '${value}' on '${entry}' provided more than once in ADD object`,
        );
      }
      if (violation.existing) {
        const position = storedPosition(violation.storedAttributes ?? [], violation.oid ?? '');
        return refuse(
          ResultCode.attributeOrValueExists,
          `attribute '${name}': value #${position} on '${stored}' already exists`,
        );
      }
      const kind = violation.during === 'modifyAdd' ? 'ADD' : 'REPLACE';
      return refuse(
        ResultCode.attributeOrValueExists,
        `attribute '${name}': value '${value}' on '${requested}' provided more than once in ${kind}`,
      );
    }
    case 'singleValue':
      // An add's values are judged by objectclass_attrs (19), a modify's by the database (20).
      return adding
        ? refuse(
            ResultCode.constraintViolation,
            `0000202F: SINGLE-VALUE attribute ${violation.attribute} on ${entry} specified more than once`,
          )
        : refuse(
            ResultCode.attributeOrValueExists,
            `0000200D: SINGLE-VALUE attribute ${violation.attribute} on ${stored} specified more than once`,
          );
    case 'invalidSyntax':
      return refuse(
        ResultCode.invalidAttributeSyntax,
        `0000200B: objectclass_attrs: attribute '${violation.attribute}' on entry '${adding ? entry : requested}' contains at least one invalid value!`,
      );
    case 'noSuchAttribute':
      if (violation.during === 'increment') return protocolError;
      if (violation.linked && violation.withValues)
        return refuse(
          ResultCode.noSuchAttribute,
          'error in module repl_meta_data: No such attribute during LDB_MODIFY (16)',
        );
      return refuse(
        ResultCode.noSuchAttribute,
        violation.withValues
          ? `attribute '${violation.typeName ?? violation.attribute}': no matching attribute value while deleting attribute on '${stored}'`
          : `attribute '${violation.typeName ?? violation.attribute}': no such attribute for delete on '${stored}'`,
      );
    case 'noSuchValue':
      return refuse(
        ResultCode.noSuchAttribute,
        `attribute '${violation.typeName ?? violation.attribute}': no matching attribute value while deleting attribute on '${stored}'`,
      );
    case 'incrementValueCount':
    case 'incrementInappropriate':
    case 'incrementNotInteger':
    case 'incrementOriginalNotInteger':
    case 'unsupportedModification':
      return protocolError;
    case 'namingAttributeMissing':
      return refuse(
        ResultCode.notAllowedOnRDN,
        `00002016: Modify of RDN '${violation.attribute}' on ${requested} not permitted, must use 'rename' operation instead`,
      );
    case 'namingAttributeChange': {
      const rename = `on ${requested} not permitted, must use 'rename' operation instead`;
      if (violation.naming === 'distinguishedName') {
        return refuse(ResultCode.constraintViolation, `0000202F: Modify of 'distinguishedName' ${rename}`);
      }
      return refuse(
        ResultCode.notAllowedOnRDN,
        violation.naming === 'name'
          ? `00002016: Modify of 'name' ${rename}`
          : `00002016: Modify of RDN '${violation.attribute}' ${rename}`,
      );
    }
    case 'noUserModification': {
      const dn = adding ? entry : requested;
      const special = SYSTEM_ONLY_TEXTS[violation.attribute.toLowerCase()];
      if (adding && violation.reason === 'systemOnly' && violation.attribute.toLowerCase() === 'objectguid') {
        return refuse(
          ResultCode.unwillingToPerform,
          "00002035: replmd_add: it's not allowed to add an object with objectGUID!",
        );
      }
      if (special && violation.reason === 'systemOnly') return special(dn, violation.attribute);
      return adding
        ? refuse(
            ResultCode.undefinedAttributeType,
            `0000200C: objectclass_attrs: attribute '${violation.attribute}' on entry '${dn}' is constructed!`,
          )
        : refuse(
            ResultCode.constraintViolation,
            violation.reason === 'constructed'
              ? `0000202F: objectclass_attrs: attribute '${violation.attribute}' on entry '${dn}' is constructed!`
              : `0000202F: objectclass_attrs: attribute '${violation.attribute}' on entry '${dn}' can only be modified as system`,
          );
    }
    case 'rdnMismatch':
      return refuse(
        ResultCode.invalidDNSyntax,
        `00002032: RDN mismatch on ${entry}: ${violation.attribute.toUpperCase()} (${violation.value}) should match one of: (${violation.given.join(', ')})`,
      );
    case 'emptyRdnValue':
      return refuse(
        violation.during === 'add' ? ResultCode.invalidDNSyntax : ResultCode.namingViolation,
        `Empty RDN value on ${requested} not permitted!`,
      );
    case 'multiValuedRdn':
      return violation.during === 'add'
        ? refuse(ResultCode.invalidDNSyntax, "00002032: ldb_add: invalid dn '(null)'")
        : refuse(ResultCode.other, '00002095: Other');
    case 'invalidNewRDN':
      // The LDAP server counts the new RDN's components; ldb refuses one it cannot add to the parent.
      if (violation.rdns === 0) return refuse(ResultCode.protocolError, '00002021: Protocol error');
      if (violation.rdns !== undefined && violation.rdns > 1)
        return refuse(ResultCode.namingViolation, '00002037: Naming violation');
      return refuse(ResultCode.other, '00002095: Other');
    case 'structuralClassChange':
      return refuse(
        ResultCode.objectClassViolation,
        `00002014: objectclass: not permitted to change the structural objectClass on ${stored} [${violation.before}] => [${violation.after}]!`,
      );
    case 'linkTargetMissing':
      return refuse(
        ResultCode.noSuchObject,
        "00000525: specified dn doesn't exist at ../../source4/dsdb/samdb/ldb_modules/extended_dn_store.c:160:extended_dn_handle_fpo_attr",
      );
    case 'linkedValue':
      return violation.problem === 'exists'
        ? refuse(
            ResultCode.entryAlreadyExists,
            `Attribute ${violation.attribute} already exists for target GUID ${violation.guid}`,
          )
        : refuse(
            ResultCode.unwillingToPerform,
            `Attribute ${violation.attribute} doesn't exist for target GUID ${violation.guid}`,
          );
    case 'oldRdnKept':
      return refuse(ResultCode.unwillingToPerform, '00002035: Unwilling to perform. Old RDN must be deleted');
    case 'addRootDSE':
      return refuse(ResultCode.namingViolation, '00002037: rootdse_add: you cannot add a new rootdse entry!');
    case 'entryExists':
      return refuse(ResultCode.entryAlreadyExists, `Entry ${entry} already exists`);
    case 'noSuchEntry':
      return refuse(ResultCode.noSuchObject, NO_SUCH_ENTRY[operation](requested));
    case 'notLeaf':
      return refuse(
        ResultCode.notAllowedOnNonLeaf,
        `00002015: subtree_delete: Unable to delete a non-leaf node (it has ${violation.children ?? 1} children)!`,
      );
    case 'invalidDN':
      return operation === 'modifyDN'
        ? refuse(ResultCode.noSuchObject, '00002030: No such object')
        : refuse(ResultCode.invalidDNSyntax, `00002032: ldb_${operation}: invalid dn '(null)'`);
    case 'newSuperiorMissing':
      return refuse(
        ResultCode.other,
        `00002095: objectclass: Cannot rename ${requested}, parent does not exist!`,
      );
    case 'moveBelowItself':
      return refuse(
        ResultCode.unwillingToPerform,
        `00002035: objectclass: Cannot rename ${requested} to be a child of itself`,
      );
    case 'undefinedAttributeType':
      return refuse(
        ResultCode.noSuchAttribute,
        adding
          ? `0000200A: objectclass_attrs: attribute '${violation.attribute}' on entry '${entry}' was not found in the schema!`
          : `acl_modify: attribute '${violation.attribute}' on entry '${requested}' was not found in the schema!`,
      );
    case 'unknownObjectClass':
      return refuse(
        ResultCode.noSuchAttribute,
        `0000200A: objectclass ${violation.name ?? ''} is not a valid objectClass in schema`,
      );
    case 'repeatedObjectClass':
      return refuse(
        ResultCode.attributeOrValueExists,
        `attribute 'objectClass': value '${violation.name ?? ''}' on '${entry}' provided more than once in ADD object`,
      );
    case 'noObjectClass':
      return refuse(
        ResultCode.objectClassViolation,
        `00002014: objectclass: Cannot add ${entry}, no objectclass specified!`,
      );
    case 'structuralChain': {
      const [shallower, deeper] = violation.byDepth ?? violation.classes;
      return refuse(
        ResultCode.objectClassViolation,
        `00002014: objectclass: the objectclass '${shallower}' seems to be unrelated to ${deeper}!`,
      );
    }
    case 'noStructuralClass':
      return refuse(ResultCode.unwillingToPerform, `Failed to find a structural class for ${entry}`);
    case 'requiredAttribute': {
      // objectclass_attrs looks for attributes no class allows before missing ones.
      if (violation.notAllowed !== undefined) {
        return sambaViolation({ kind: 'attributeNotAllowed', attribute: violation.notAllowed }, context);
      }
      // Samba names the first missing one in its sorted list of all MUST attributes.
      const first =
        [...(violation.missing ?? [violation.attribute])].sort((a, b) =>
          a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0,
        )[0] ?? violation.attribute;
      return refuse(
        ResultCode.objectClassViolation,
        `00002014: objectclass_attrs: at least one mandatory attribute ('${first}') on entry '${entry}' wasn't specified!`,
      );
    }
    case 'emptyValue':
      return refuse(
        ResultCode.invalidAttributeSyntax,
        `Element ${violation.attribute} has empty attribute in ldb message (${requested})!`,
      );
    case 'rootDSEWrite':
      if (operation === 'modify')
        return refuse(
          ResultCode.unwillingToPerform,
          '00002035: rootdse_modify: unknown attribute to change!',
        );
      return refuse(
        ResultCode.noSuchObject,
        `00002030: rootdse_remove: you cannot ${operation === 'delete' ? 'delete' : 'rename'} the rootdse entry!`,
      );
    case 'dnValueInvalid':
      return refuse(
        ResultCode.invalidDNSyntax,
        `could not parse ${violation.value} as a ${violation.syntax} DN`,
      );
    case 'referenceMissing':
      return refuse(
        ResultCode.constraintViolation,
        '000020B5: Referenced object not found at ../../source4/dsdb/samdb/ldb_modules/extended_dn_store.c:357:extended_replace_callback',
      );
    case 'linkTargetUnknown':
      return violation.during === 'add'
        ? refuse(ResultCode.noSuchObject, `00002030: Unable to find GUID for DN ${violation.dn}\n`)
        : refuse(ResultCode.unwillingToPerform, `00002035: Unable to find GUID for DN ${violation.dn}\n`);
    case 'rdnAttributeNotAllowed':
      return violation.during === 'add'
        ? refuse(
            ResultCode.namingViolation,
            `00002037: objectclass: Invalid RDN '${violation.attribute.toUpperCase()}' for objectclass '${violation.objectClass}'!`,
          )
        : refuse(
            ResultCode.unwillingToPerform,
            `00002035: objectclass: Invalid RDN '${violation.attribute}' for objectclass '${violation.objectClass}'!`,
          );
    case 'parentNotAllowed':
      return refuse(
        ResultCode.namingViolation,
        `00002037: ${violation.during === 'add' ? '' : 'objectclass: '}structural objectClass ${violation.objectClass} is not a valid child class for ${violation.parent}`,
      );
    case 'deleteProtected':
      return violation.reason === 'wellKnownSid'
        ? refuse(ResultCode.other, 'error in module samldb: Other during LDB_DELETE (80)')
        : refuse(
            ResultCode.unwillingToPerform,
            `00002035: objectclass: Cannot delete ${stored}, ${violation.reason === 'ridSet' ? "it's the DC's rIDSet object" : "it isn't permitted"}!`,
          );
    case 'accessDenied':
      return refuse(
        ResultCode.insufficientAccessRights,
        ACCESS_DENIED[operation](requested, violation.parent ?? ''),
      );
    case 'accountNameInUse':
      return refuse(
        ResultCode.entryAlreadyExists,
        `00002071: samldb: samAccountName '${violation.name}' already in use!`,
      );
    case 'accountNameCount':
      return violation.during === 'add'
        ? refuse(
            ResultCode.constraintViolation,
            `0000202F: samldb: samAccountName has ${violation.count} values, should be single-valued!`,
          )
        : refuse(
            ResultCode.attributeOrValueExists,
            `0000200D: samldb: samAccountName has ${violation.count} values, should be single-valued!`,
          );
    case 'accountAttributeRemoved':
      return refuse(
        ResultCode.unwillingToPerform,
        violation.attribute.toLowerCase() === 'samaccountname'
          ? "00002077: samldb: 'samAccountName' can't be deleted/empty!"
          : "00002077: samldb: 'userAccountControl' can't be deleted!",
      );
    case 'accountAttributeOnNonAccount':
      return refuse(
        ResultCode.operationsError,
        `00002020: operations error at ../../source4/dsdb/samdb/ldb_modules/samldb.c:${violation.attribute.toLowerCase() === 'member' ? 3328 : 2855}`,
      );
    case 'objectClassPresent':
      return refuse(
        ResultCode.attributeOrValueExists,
        `0000200D: objectclass: cannot re-add an existing objectclass: '${violation.name}'!`,
      );
    case 'objectClassAbsent':
      return refuse(
        ResultCode.noSuchAttribute,
        `0000200A: objectclass: cannot delete this objectclass: '${violation.name}'!`,
      );
    case 'structuralClassesRemoved':
      return refuse(
        ResultCode.objectClassViolation,
        '00002014: objectclass: cannot delete all structural objectclasses!',
      );
    case 'invalidOldDN':
      return refuse(ResultCode.invalidDNSyntax, "00002032: ldb_rename: invalid olddn '(null)'");
    case 'attributeNotAllowed':
      return refuse(
        ResultCode.objectClassViolation,
        `00002014: objectclass_attrs: attribute '${violation.attribute}' on entry '${entry}' does not exist in the specified objectclasses!`,
      );
  }
}
