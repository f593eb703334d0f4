/**
 * One seed per test file, printed, so a failing property run is reproduced exactly with
 * `PROPERTY_SEED=<seed> npm test`. fast-check prints the shrunk counterexample and its path.
 */
export function propertySeed(file: string): number {
  const given = process.env['PROPERTY_SEED'];
  const seed = given === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(given);
  process.stdout.write(`${file}: property seed ${seed} (PROPERTY_SEED=${seed} reproduces this run)\n`);
  return seed;
}

/** Runs per property: at least 1,000, as the conformance kit promises; more with PROPERTY_RUNS. */
export const PROPERTY_RUNS = Math.max(1_000, Number(process.env['PROPERTY_RUNS'] ?? 1_000));
