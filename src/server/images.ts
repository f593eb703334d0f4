/**
 * What the build works out once so that a server's first start need not (dist/images/): each
 * profile's schema definitions parsed (schema-image.ts) and its embedded fixture's directory
 * (fixture-image.ts). The folder is beside the bundled code that reads it (dist/chunks/,
 * dist/server/); from the sources (src/server/) it is a folder that does not exist, so code under
 * development always parses and loads.
 */
import { readFileSync } from 'node:fs';

export const IMAGE_FOLDER = new URL('../images/', import.meta.url);

/**
 * The JSON in `file` if it is there and of `format`, else undefined. `revive`: JSON.parse's
 * reviver, for images holding more than JSON's types.
 */
export function readImage<T extends { readonly format: number }>(
  file: URL | string,
  format: number,
  revive?: (key: string, value: unknown) => unknown,
): T | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const image = JSON.parse(text, revive) as T;
  return image.format === format ? image : undefined;
}
