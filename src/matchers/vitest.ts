/**
 * `import 'ldapmock/matchers/vitest'` in a setup file (or a test): registers the matchers with
 * vitest's expect and adds their types to it.
 */
import { expect } from 'vitest';
import { type LdapMockMatchers, ldapmockMatchers } from './index.js';

expect.extend(ldapmockMatchers);

declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: the signature vitest's own Matchers interface has
  interface Matchers<T = any> extends LdapMockMatchers<T> {}
}
