/**
 * Samba's subschema entry (CN=Aggregate,CN=Schema,CN=Configuration,…, as the rootDSE names it)
 * against the mock's, definition by definition. Compared as sets: Samba sends the definitions in
 * descending objectGUID order of its schema objects, and a provision gives those random GUIDs,
 * so two Samba DCs of the same fixture disagree on the order (measured: descending memcmp order
 * of the attributeSchema objects' objectGUIDs, on every value of attributeTypes).
 */
import type { Probe } from '../probe.js';
import { observeSubschema } from '../subschema-observation.js';

export const subschemaProbes: readonly Probe[] = [
  {
    name: 'subschema: every definition kind Samba publishes, as sets',
    run: (context) =>
      observeSubschema(
        context,
        [
          'attributeTypes',
          'objectClasses',
          'dITContentRules',
          'extendedAttributeInfo',
          'extendedClassInfo',
          // AD publishes none of these; asking must give nothing on both.
          'ldapSyntaxes',
          'matchingRules',
          'matchingRuleUse',
        ],
        { ordered: false },
      ),
  },
];
