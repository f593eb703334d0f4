/**
 * slapd's subschema entry (cn=Subschema) against the mock's, definition by definition and in
 * slapd's order: the openldap profile publishes what slapd 2.5 publishes with the fixture's
 * schema and overlays (fixtures/schema/openldap.schema).
 */
import type { Probe } from '../probe.js';
import { observeSubschema } from '../subschema-observation.js';

export const subschemaProbes: readonly Probe[] = [
  {
    name: 'subschema: every definition kind, in slapd order',
    run: (context) =>
      observeSubschema(
        context,
        [
          'attributeTypes',
          'objectClasses',
          'ldapSyntaxes',
          'matchingRules',
          'matchingRuleUse',
          'dITContentRules',
        ],
        { ordered: true },
      ),
  },
];
