/**
 * Run by the build (scripts/build.mjs) from dist/: writes each profile's image of its embedded
 * fixture to dist/fixture-images/ (fixture-image.ts), so that a server's first start reads the
 * entries instead of loading them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { IMAGE_FOLDER, imageOf } from './fixture-image.js';
import { firstNamingContext, toSources } from './fixture-loader.js';
import { loadDirectory, readFixtures } from './load-directory.js';
import { PROFILE_NAMES, registeredProfile } from './profiles/registry.js';

/** Each profile's image, written to `folder` (default: where the code beside it reads them). */
export async function writeFixtureImages(folder: URL = IMAGE_FOLDER): Promise<void> {
  mkdirSync(folder, { recursive: true });
  for (const name of PROFILE_NAMES) {
    const known = registeredProfile(name)!;
    const profile = await known.load();
    const [source] = toSources([known.fixture]);
    const records = readFixtures([source!]);
    const namingContext = firstNamingContext(records);
    // The rootdn a server on this fixture has by default (startMockServer's).
    const creator = profile.rootDN?.(namingContext ?? '') ?? '';
    const image = imageOf(
      { profile: name, text: source!.text, creator, schema: profile.schema },
      namingContext,
      (now) => loadDirectory(records, { profile, creator, now: () => now }),
    );
    writeFileSync(new URL(`${name}.json`, folder), JSON.stringify(image));
  }
}
