/**
 * Schema definitions parsed once per text: a profile's schema, an extension of it (a folder's or
 * an application's definitions) and the merged result read the same few hundred definitions, and
 * a first start would otherwise parse each of them three times. The descriptions are shared, so
 * nobody may change one.
 */

import {
  type AttributeTypeDescription,
  parseAttributeTypeDescription,
} from '../../core/attribute-type-description.js';
import { BoundedMemo } from '../../core/bounded-memo.js';
import {
  type ObjectClassDescription,
  parseObjectClassDescription,
} from '../../core/object-class-description.js';

const attributeTypes = new BoundedMemo<AttributeTypeDescription>(16_384);
const objectClasses = new BoundedMemo<ObjectClassDescription>(16_384);

export function attributeTypeDescription(text: string): AttributeTypeDescription {
  return attributeTypes.get(text, parseAttributeTypeDescription);
}

export function objectClassDescription(text: string): ObjectClassDescription {
  return objectClasses.get(text, parseObjectClassDescription);
}

/** Descriptions parsed before (a fixture image's), each remembered as the parse of its text. */
export interface ParsedDescriptions {
  readonly attributeTypes: readonly AttributeTypeDescription[];
  readonly objectClasses: readonly ObjectClassDescription[];
}

export function rememberDescriptions(parsed: ParsedDescriptions): void {
  for (const description of parsed.attributeTypes) attributeTypes.remember(description.raw, description);
  for (const description of parsed.objectClasses) objectClasses.remember(description.raw, description);
}

/** The parses of a schema's definitions (as rememberDescriptions takes them). */
export function parsedDescriptions(options: {
  readonly attributeTypes: readonly string[];
  readonly hiddenAttributeTypes?: readonly string[];
  readonly objectClasses: readonly string[];
}): ParsedDescriptions {
  return {
    attributeTypes: [...options.attributeTypes, ...(options.hiddenAttributeTypes ?? [])].map(
      attributeTypeDescription,
    ),
    objectClasses: options.objectClasses.map(objectClassDescription),
  };
}
