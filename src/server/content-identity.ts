/**
 * What an image of the application's data (image-cache.ts) names a profile or a schema by: the
 * registered profile's name, a configured variant's settings, the files a schema was extended
 * with. An object made any other way has none, and nothing built on it is kept on disk.
 */
const identities = new WeakMap<object, string>();

/** Gives `object` the identity `text` (which must say everything its behaviour depends on) and returns it. */
export function identify<T extends object>(object: T, text: string): T {
  identities.set(object, text);
  return object;
}

export function identityOf(object: object): string | undefined {
  return identities.get(object);
}
