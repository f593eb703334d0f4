/**
 * Run by the build (scripts/build.mjs) from dist/: writes each profile's schema image and the
 * image of its embedded fixture to dist/images/ (schema-image.ts, fixture-image.ts), so that a
 * server's first start reads them instead of working them out.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fixtureImageFile, fixtureSha256, imageOf } from './fixture-image.js';
import { firstNamingContext, toSources } from './fixture-loader.js';
import { buildStampFile, newBuildStamp } from './image-cache.js';
import { IMAGE_FOLDER } from './images.js';
import { loadDirectory, readFixtures } from './load-directory.js';
import { PROFILE_NAMES, registeredProfile } from './profiles/registry.js';
import { schemaImageFile, schemaImageOf } from './schema-image.js';

/** Each profile's images, written to `folder` (default: where the code beside it reads them). */
export async function writeImages(folder: URL = IMAGE_FOLDER): Promise<void> {
  mkdirSync(folder, { recursive: true });
  // What the application's own data is kept on disk under (image-cache.ts): this build's code.
  writeFileSync(buildStampFile(folder), JSON.stringify(newBuildStamp()));
  for (const name of PROFILE_NAMES) {
    const known = registeredProfile(name)!;
    const profile = await known.load();
    writeFileSync(schemaImageFile(name, folder), JSON.stringify(schemaImageOf(profile.schema)));
    const [source] = toSources([known.fixture]);
    const records = readFixtures([source!]);
    const namingContext = firstNamingContext(records);
    // The rootdn a server on this fixture has by default (startMockServer's).
    const creator = profile.rootDN?.(namingContext ?? '') ?? '';
    const image = imageOf(
      { profile: name, sha256: fixtureSha256(source!.text), creator },
      namingContext,
      (now) => loadDirectory(records, { profile, creator, now: () => now }),
    );
    writeFileSync(fixtureImageFile(name, folder), JSON.stringify(image));
  }
}
