/**
 * The heap in use after full garbage collections, for tests that hold memory to a baseline.
 * `--expose-gc` is switched on from inside, so no test command needs the flag.
 */
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

export function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}
