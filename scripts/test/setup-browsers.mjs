#!/usr/bin/env node
/**
 * Makes sure the browsers the real-browser tests drive are installed (`npm test` runs this first):
 * Debian's `chromium` and `firefox-esr`. Installs what is missing when it can (root, or
 * password-less sudo, and apt-get); otherwise stops at once with the exact command to run.
 * CHROMIUM_PATH / FIREFOX_PATH point at other installs and skip the check for that browser.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const BROWSERS = [
  { name: 'Chromium', path: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', pkg: 'chromium', custom: Boolean(process.env.CHROMIUM_PATH) },
  { name: 'Firefox ESR', path: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr', pkg: 'firefox-esr', custom: Boolean(process.env.FIREFOX_PATH) },
];

function canRun(command, args) {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const missing = BROWSERS.filter((b) => !existsSync(b.path));
const custom = missing.filter((b) => b.custom);
if (custom.length > 0) {
  for (const b of custom) console.error(`No ${b.name} at ${b.path} (set by ${b.pkg === 'chromium' ? 'CHROMIUM_PATH' : 'FIREFOX_PATH'}).`);
  process.exit(1);
}
if (missing.length === 0) process.exit(0);

const packages = missing.map((b) => b.pkg);
const asRoot = process.getuid?.() === 0;
const sudo = !asRoot && canRun('sudo', ['-n', 'true']);
const hasApt = canRun('apt-get', ['--version']);
const command = `${asRoot ? '' : 'sudo '}apt-get update && ${asRoot ? '' : 'sudo '}apt-get install -y ${packages.join(' ')}`;
if (!hasApt || (!asRoot && !sudo)) {
  console.error(`The real-browser tests need ${missing.map((b) => b.name).join(' and ')}. Install with:\n\n  ${command}\n`);
  process.exit(1);
}

console.log(`Installing ${packages.join(', ')} for the real-browser tests (apt-get)…`);
const run = (args) => execFileSync(asRoot ? 'apt-get' : 'sudo', asRoot ? args : ['-n', 'apt-get', ...args], {
  stdio: 'inherit',
  env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
});
try {
  run(['update', '-qq']);
  run(['install', '-y', '-qq', ...packages]);
} catch {
  console.error(`Installing failed. Install by hand:\n\n  ${command}\n`);
  process.exit(1);
}
for (const b of missing) {
  if (!existsSync(b.path)) {
    console.error(`${b.pkg} installed, but there is still no ${b.name} at ${b.path}.`);
    process.exit(1);
  }
}
