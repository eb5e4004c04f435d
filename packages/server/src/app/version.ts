import { readFileSync } from 'node:fs';
import { VERSION } from './server.js';

/** What `logi -version` prints, in the shape of Loki's: Logi's own version, then the Loki API it speaks. */
export function versionText(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return `logi, version ${pkg.version} (Loki API ${VERSION})\n  node version: ${process.version}\n  platform: ${process.platform}/${process.arch}\n`;
}
