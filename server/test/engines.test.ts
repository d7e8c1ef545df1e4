import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

// The product promises to run on the Node named in the root package.json's engines (>= 20.19).
// A dependency that declares a newer Node (cookie 2 declares >= 22, pulled in by
// @fastify/cookie ≥ 11.1.1 and light-my-request ≥ 6.8) makes `npm ci` warn EBADENGINE and may use
// APIs the promised Node lacks, so the lock file must hold none: this walks every locked package.
const root = new URL('../../', import.meta.url);
const readJson = (path: string): unknown => JSON.parse(readFileSync(new URL(path, root), 'utf8'));

interface LockedPackage {
  version?: string;
  engines?: { node?: string } | string[];
}

describe('dependency engines', () => {
  it('every locked package accepts the lowest Node the product supports', () => {
    const manifest = readJson('package.json') as { engines: { node: string } };
    const lowest = semver.minVersion(manifest.engines.node);
    expect(lowest?.version).toBe('20.19.0');
    const lock = readJson('package-lock.json') as { packages: Record<string, LockedPackage> };
    const refusing = Object.entries(lock.packages).flatMap(([path, pkg]) => {
      // Old packages sometimes wrote engines as an array of strings; npm ignores that form.
      const range = Array.isArray(pkg.engines) ? undefined : pkg.engines?.node;
      if (!range || !lowest) return [];
      return semver.satisfies(lowest, range) ? [] : [`${path}@${pkg.version} needs node ${range}`];
    });
    expect(refusing).toEqual([]);
  });
});
