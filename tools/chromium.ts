import { accessSync, constants } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's chromium, which `npm test` installs when it is missing (scripts/bootstrap.mjs): playwright's
 * own browser download cannot reach these networks. Not found means the test fails, never skips.
 */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].filter(
    (p): p is string => typeof p === 'string' && p !== '',
  );
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // try the next
    }
  }
  throw new Error(
    "Debian's chromium is not installed: `apt-get install chromium fonts-noto-cjk`, or set CHROMIUM_PATH",
  );
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
];

/** The one way the browser tests and `npm run bench:map` start chromium, with the same flags. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
}
