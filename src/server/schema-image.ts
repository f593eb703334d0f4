/**
 * A profile's schema definitions as the build parsed them (dist/images/<profile>.schema.json):
 * parsing a few hundred RFC 4512 descriptions is a third of a cold first start, and every server
 * of the profile needs them, whatever its data.
 */

import type { SchemaOptions } from './directory/schema.js';
import {
  type ParsedDescriptions,
  parsedDescriptions,
  rememberDescriptions,
} from './directory/schema-descriptions.js';
import { IMAGE_FOLDER, readImage } from './images.js';

interface SchemaImage extends ParsedDescriptions {
  readonly format: typeof FORMAT;
}

const FORMAT = 1;

export const schemaImageFile = (profile: string, folder = IMAGE_FOLDER) =>
  new URL(`${profile}.schema.json`, folder);

export function schemaImageOf(schema: SchemaOptions): SchemaImage {
  return { format: FORMAT, ...parsedDescriptions(schema) };
}

const seeded = new Set<string>();

/**
 * Takes the build's parses of the profile's definitions as their parses, once per process; a
 * definition the image lacks (or an image from other definitions) is parsed as usual.
 */
export function seedSchemaImage(profile: string): void {
  if (seeded.has(profile)) return;
  seeded.add(profile);
  const image = readImage<SchemaImage>(schemaImageFile(profile), FORMAT);
  if (image) rememberDescriptions(image);
}
