/**
 * objectCategory: every AD object's category is its most specific class's defaultObjectCategory
 * (a user's is CN=Person), set by the DC on add; and a class name in a filter,
 * `(objectCategory=user)`, means that same DN.
 */
import { adDefaultObjectCategories, adSchema } from '../directory/schema-ad.js';
import { objectClassDescription } from '../directory/schema-descriptions.js';

/** Lower-cased class name → its superclass (lower-cased), read once from the AD schema. */
let superclasses: Map<string, string | undefined> | undefined;

function depth(name: string): number {
  superclasses ??= new Map(
    adSchema.objectClasses.map((text) => {
      const description = objectClassDescription(text);
      return [description.names[0]!.toLowerCase(), description.sup[0]?.toLowerCase()];
    }),
  );
  let levels = 0;
  for (let at: string | undefined = name; at !== undefined && levels < 64; at = superclasses.get(at))
    levels++;
  return levels;
}

const categoryByName = new Map(
  Object.entries(adDefaultObjectCategories).map(([name, category]) => [name.toLowerCase(), category]),
);

/** The DN a class name stands for in an objectCategory filter; undefined for an unknown class. */
export function defaultObjectCategory(className: string, namingContext: string): string | undefined {
  const category = categoryByName.get(className.toLowerCase());
  return category === undefined ? undefined : `CN=${category},CN=Schema,CN=Configuration,${namingContext}`;
}

/** The objectCategory of a new object with these object classes (the deepest known class decides). */
export function objectCategoryOf(classes: readonly string[], namingContext: string): string | undefined {
  const known = classes.filter((name) => categoryByName.has(name.toLowerCase()));
  const deepest = known.sort((a, b) => depth(b.toLowerCase()) - depth(a.toLowerCase()))[0];
  return deepest === undefined ? undefined : defaultObjectCategory(deepest, namingContext);
}
