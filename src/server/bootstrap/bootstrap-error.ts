/** Problems of a bootstrap folder or a slapd.conf, each with its file:line. */
export class BootstrapError extends Error {
  override readonly name = 'BootstrapError';
  constructor(
    readonly problems: readonly string[],
    what = 'bootstrap folder',
  ) {
    super(`${what}:\n  ${problems.join('\n  ')}`);
  }
}
