/**
 * `npm run build`: declarations from tsc, JavaScript from esbuild. Each entry point (the package
 * exports, the CLI, the conformance adapter host) is bundled with what it imports; code two
 * entries share goes to dist/chunks/, and a lazy `import()` stays a chunk of its own, loaded only
 * when called. Node then resolves and links a few dozen files at import instead of some 350.
 * Plain JavaScript, so that the test setup can run it without a loader.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const exported = Object.values(pkg.exports)
  .filter((target) => target.startsWith('./dist/') && target.endsWith('.js'))
  .map((target) => target.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts'));
const entryPoints = [
  ...new Set([
    ...exported,
    'src/cli/main.ts',
    'src/conformance/adapters/host.ts',
    'src/server/write-images.ts',
  ]),
];

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
await build({
  absWorkingDir: root,
  entryPoints,
  outdir: 'dist',
  outbase: 'src',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Dependencies stay imports: the application's own copies, resolved by Node.
  packages: 'external',
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: true,
  logLevel: 'warning',
});
// Each profile's schema parsed and embedded fixture loaded once here, so that a first start need not.
const { writeImages } = await import('../dist/server/write-images.js');
await writeImages();
