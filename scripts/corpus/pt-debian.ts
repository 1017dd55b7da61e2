/**
 * The Debian side of the Portuguese corpus: installing the source packages with
 * apt when they are missing, and asking dpkg for their files and versions.
 */
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';

/** apt could not install a source package (not root, no network, unknown name). */
export class PackageInstallError extends Error {
  constructor(packages: readonly string[], cause: unknown) {
    super(
      `could not install ${packages.join(' ')} with apt-get (${cause instanceof Error ? cause.message.split('\n')[0] : cause}); ` +
        `install them by hand: apt-get install --no-install-recommends ${packages.join(' ')}`,
    );
    this.name = 'PackageInstallError';
  }
}

/** Whether `pkg` is installed, from the Status line of `dpkg -s`. */
export function isInstalled(pkg: string): boolean {
  try {
    const status = execFileSync('dpkg', ['-s', pkg], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return /^Status: .* installed$/m.test(status);
  } catch {
    return false; // dpkg -s exits 1 for a package it does not know
  }
}

/**
 * Installs the packages of `packages` that are not installed yet. Recommends are
 * left out: they would pull in LibreOffice and GIMP themselves, and we only read
 * the help files.
 */
export function ensureInstalled(packages: readonly string[]): void {
  const missing = packages.filter((p) => !isInstalled(p));
  if (missing.length === 0) return;
  console.error(`installing ${missing.join(' ')}`);
  try {
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  } catch (err) {
    throw new PackageInstallError(missing, err);
  }
}

/** Regular files installed by `pkg` (`dpkg -L`, directories left out), in dpkg's order. */
export function packageFiles(pkg: string): string[] {
  const out = execFileSync('dpkg', ['-L', pkg], { encoding: 'utf8' });
  return out.split('\n').filter((path) => path !== '' && statSync(path, { throwIfNoEntry: false })?.isFile());
}

/** Installed version of `pkg` (for the corpus manifest). */
export function debianVersion(pkg: string): string {
  return execFileSync('dpkg-query', ['-W', '-f=${Version}', pkg], { encoding: 'utf8' }).trim();
}
