/**
 * How slapd 2.5 answers what the directory refuses: result code and text for each violation
 * (servers/slapd/mods.c, entry.c, schema_check.c; verified with ldapadd/ldapmodify against the
 * differential suite's slapd). The openldap profile's answers, and for now the AD profiles' too.
 */
import { ResultCode } from '../../core/result-code.js';
import type { Violation } from '../directory/violation.js';
import type { Refusal } from '../operations.js';

/**
 * slapd names an attribute in its texts by the description's canonical form (ad_cname): the
 * type's schema name, then its options in lower case — `DESCRIPTION` is `description`.
 */
function canonical(attribute: string, typeName: string | undefined): string {
  if (typeName === undefined) return attribute;
  const options = attribute.indexOf(';');
  return typeName + (options < 0 ? '' : attribute.slice(options).toLowerCase());
}

export function slapdViolation(violation: Violation): Refusal & { readonly matchedDN?: string } {
  const refuse = (code: number, message = '') => ({ code, message });
  switch (violation.kind) {
    case 'noValues':
      return violation.during === 'add'
        ? refuse(ResultCode.protocolError, `${violation.attribute}: no values for attribute type`)
        : refuse(ResultCode.protocolError, `modify/add: ${violation.attribute}: no values given`);
    case 'duplicateValue': {
      const { position, during } = violation;
      const attribute = canonical(violation.attribute, violation.typeName);
      const text = {
        add: `${attribute}: value #${position} provided more than once`,
        modifyAdd: `modify/add: ${attribute}: value #${position} already exists`,
        modifyReplace: `modify/replace: ${attribute}: value #${position} already exists`,
      }[during];
      return refuse(ResultCode.attributeOrValueExists, text);
    }
    case 'singleValue':
      return refuse(
        ResultCode.constraintViolation,
        violation.inRequest
          ? `${violation.attribute}: multiple values provided`
          : `attribute '${violation.attribute}' cannot have multiple values`,
      );
    case 'invalidSyntax':
      return refuse(
        ResultCode.invalidAttributeSyntax,
        violation.unvalidatedSyntax === undefined
          ? `${violation.attribute}: value #${violation.position} invalid per syntax`
          : `${violation.attribute}: no validator for syntax ${violation.unvalidatedSyntax}`,
      );
    case 'noSuchAttribute':
      return refuse(
        ResultCode.noSuchAttribute,
        `modify/${violation.during}: ${canonical(violation.attribute, violation.typeName)}: no such attribute`,
      );
    case 'noSuchValue':
      return refuse(
        ResultCode.noSuchAttribute,
        `modify/delete: ${canonical(violation.attribute, violation.typeName)}: no such value`,
      );
    case 'incrementValueCount':
      return refuse(
        ResultCode.protocolError,
        violation.inRequest
          ? 'modify/increment operation requires single value'
          : `modify/increment: ${violation.attribute}: requires exactly one value`,
      );
    case 'incrementInappropriate':
      return refuse(
        ResultCode.constraintViolation,
        `${violation.attribute}: attribute syntax inappropriate for increment`,
      );
    case 'incrementNotInteger':
      return refuse(
        ResultCode.invalidAttributeSyntax,
        `modify/increment: ${violation.attribute}: value #0 invalid per syntax`,
      );
    case 'incrementOriginalNotInteger':
      return refuse(
        ResultCode.constraintViolation,
        `modify/increment: ${violation.attribute}: invalid syntax of original value`,
      );
    case 'namingAttributeMissing':
      return refuse(
        ResultCode.namingViolation,
        `${violation.attributePresent ? 'value of ' : ''}naming attribute '${violation.attribute}' is not present in entry`,
      );
    case 'addRootDSE':
      return refuse(ResultCode.unwillingToPerform, 'cannot add the root DSE');
    case 'entryExists':
      return refuse(ResultCode.entryAlreadyExists);
    case 'noSuchEntry':
      return { code: ResultCode.noSuchObject, message: '', matchedDN: violation.matchedDN };
    case 'notLeaf':
      return refuse(ResultCode.notAllowedOnNonLeaf, 'subordinate objects must be deleted first');
    case 'invalidDN':
      return refuse(ResultCode.invalidDNSyntax, 'invalid DN');
    case 'invalidNewRDN':
      return refuse(ResultCode.invalidDNSyntax, 'invalid new RDN');
    case 'newSuperiorMissing':
      return refuse(ResultCode.noSuchObject, 'new superior not found');
    case 'moveBelowItself':
      return refuse(ResultCode.unwillingToPerform, 'cannot move an entry below itself');
    case 'undefinedAttributeType':
      return refuse(ResultCode.undefinedAttributeType, `${violation.attribute}: attribute type undefined`);
    case 'unknownObjectClass':
      return refuse(
        ResultCode.invalidAttributeSyntax,
        `objectClass: value #${violation.position} invalid per syntax`,
      );
    case 'repeatedObjectClass':
      return refuse(
        ResultCode.attributeOrValueExists,
        `objectClass: value #${violation.position} provided more than once`,
      );
    case 'noObjectClass':
      return refuse(ResultCode.objectClassViolation, 'no objectClass attribute');
    case 'structuralChain':
      return refuse(
        ResultCode.objectClassViolation,
        `invalid structural object class chain (${violation.classes[0]}/${violation.classes[1]})`,
      );
    case 'noStructuralClass':
      return refuse(ResultCode.objectClassViolation, 'no structural object class provided');
    case 'requiredAttribute':
      return refuse(
        ResultCode.objectClassViolation,
        `object class '${violation.objectClass}' requires attribute '${violation.attribute}'`,
      );
    case 'attributeNotAllowed':
      return refuse(ResultCode.objectClassViolation, `attribute '${violation.attribute}' not allowed`);
    case 'noUserModification':
      return refuse(ResultCode.constraintViolation, `${violation.attribute}: no user modification allowed`);
    case 'rdnMismatch':
      // Measured: an inetOrgPerson named displayName=foo with displayName: bar.
      return refuse(
        ResultCode.namingViolation,
        `value of single-valued naming attribute '${violation.typeName}' conflicts with value present in entry`,
      );
    // AD's write rules (Profile.writes), which slapd does not have: its nearest answers.
    case 'namingAttributeChange':
      return refuse(ResultCode.notAllowedOnRDN, '');
    case 'unsupportedModification':
      return refuse(ResultCode.protocolError, 'unrecognized modify operation');
    case 'multiValuedRdn':
    case 'emptyRdnValue':
      return refuse(ResultCode.invalidDNSyntax, 'invalid DN');
    case 'structuralClassChange':
      return refuse(
        ResultCode.objectClassModsProhibited,
        `structural object class modification from '${violation.before}' to '${violation.after}' not allowed`,
      );
    case 'oldRdnKept':
      return refuse(ResultCode.unwillingToPerform, '');
    case 'linkTargetMissing':
      return refuse(ResultCode.noSuchObject, '');
    case 'linkedValue':
      return violation.problem === 'exists'
        ? refuse(
            ResultCode.attributeOrValueExists,
            `modify/add: ${violation.attribute}: value #0 already exists`,
          )
        : refuse(ResultCode.noSuchAttribute, `modify/delete: ${violation.attribute}: no such value`);
    case 'emptyValue':
    case 'dnValueInvalid':
      return refuse(ResultCode.invalidAttributeSyntax, '');
    case 'rootDSEWrite':
    case 'deleteProtected':
    case 'accountAttributeOnNonAccount':
    case 'invalidOldDN':
      return refuse(ResultCode.unwillingToPerform, '');
    case 'referenceMissing':
    case 'linkTargetUnknown':
      return refuse(ResultCode.noSuchObject, '');
    case 'rdnAttributeNotAllowed':
    case 'parentNotAllowed':
      return refuse(ResultCode.namingViolation, '');
    case 'accessDenied':
      return refuse(ResultCode.insufficientAccessRights, '');
    case 'accountNameInUse':
      return refuse(ResultCode.entryAlreadyExists, '');
    case 'objectClassPresent':
      return refuse(ResultCode.attributeOrValueExists, '');
    case 'objectClassAbsent':
      return refuse(ResultCode.noSuchAttribute, '');
    case 'structuralClassesRemoved':
      return refuse(ResultCode.objectClassViolation, '');
    case 'accountNameCount':
    case 'accountAttributeRemoved':
      return refuse(ResultCode.constraintViolation, '');
  }
}
