/**
 * Third-party authenticators are optional: an adapter loads its library when it is chosen, and
 * says how to install it when it is missing.
 */
export async function loadLibrary<T>(name: string): Promise<T> {
  // A variable specifier keeps the compiler from resolving (and requiring types for) the library.
  const specifier: string = name;
  try {
    const loaded = (await import(specifier)) as { default?: T } & T;
    return loaded.default ?? loaded;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') {
      throw new Error(`the ${name} adapter needs ${name}: npm install --save-dev ${name}`);
    }
    throw error;
  }
}

/** Settles within `ms` whether or not `work` does (closing a connection to a hung server). */
export async function within(ms: number, work: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    work.catch(() => undefined),
    new Promise((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}
