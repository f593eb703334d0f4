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
