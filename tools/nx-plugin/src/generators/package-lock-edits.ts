import { updateJson, type Tree } from "@nx/devkit";

interface PackageLock {
  packages?: Record<string, unknown>;
}

/** A workspace package as npm records it in package-lock.json. */
export interface LockedWorkspacePackage {
  readonly name: string;
  readonly dependencies: Readonly<Record<string, string>>;
  readonly devDependencies: Readonly<Record<string, string>>;
}

/** `record` with `key` set to `value`, inserted where npm's sorted order puts it. */
function withSortedKey(
  record: Record<string, unknown>,
  key: string,
  value: unknown,
): Record<string, unknown> {
  const entries = Object.entries(record).filter(([existing]) => existing !== key);
  const at = entries.findIndex(([existing]) => existing !== "" && existing.localeCompare(key, "en") > 0);
  entries.splice(at === -1 ? entries.length : at, 0, [key, value]);
  return Object.fromEntries(entries);
}

/**
 * Records the workspace package at `folder` in package-lock.json as `npm install` would (its
 * entry and the `node_modules` link), so `npm ci` stays in sync without a network round trip.
 */
export function addLockedWorkspace(tree: Tree, folder: string, locked: LockedWorkspacePackage): void {
  updateJson<PackageLock>(tree, "package-lock.json", (lock) => {
    let packages = lock.packages ?? {};
    packages = withSortedKey(packages, folder, {
      name: locked.name,
      version: "0.0.0",
      dependencies: locked.dependencies,
      devDependencies: locked.devDependencies,
    });
    packages = withSortedKey(packages, `node_modules/${locked.name}`, { resolved: folder, link: true });
    return { ...lock, packages };
  });
}

/** Removes what {@link addLockedWorkspace} recorded for `folder`. */
export function removeLockedWorkspace(tree: Tree, folder: string, name: string): void {
  updateJson<PackageLock>(tree, "package-lock.json", (lock) => {
    const removed = new Set([folder, `node_modules/${name}`]);
    const packages = Object.fromEntries(
      Object.entries(lock.packages ?? {}).filter(([key]) => !removed.has(key)),
    );
    return { ...lock, packages };
  });
}
