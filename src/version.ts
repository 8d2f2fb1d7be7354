import { readFileSync } from 'node:fs';
import { fromRoot } from './paths';

/** The service's version, from package.json, so the API and the package never disagree. */
export const SERVICE_VERSION = (
  JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { version: string }
).version;
