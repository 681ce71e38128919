import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { appendFile, cp, mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { workspaceRoot } from "@switchyard/launcher";

const execFileAsync = promisify(execFile);

/** Projects `nx affected` reports for a change to `files`. */
async function affectedBy(files: readonly string[]): Promise<string[]> {
  const { stdout } = await execFileAsync(
    "npx",
    ["nx", "show", "projects", "--affected", `--files=${files.join(",")}`, "--json"],
    { cwd: workspaceRoot, env: { ...process.env, NX_DAEMON: "false" } },
  );
  return (JSON.parse(stdout) as string[]).sort();
}

/** Every project whose tests start every app as child processes, besides the apps themselves. */
const startsEveryApp = [
  // It places orders through the whole platform, state in memory against PostgreSQL.
  "@switchyard/bench",
  "@switchyard/deploy-ecs",
  "@switchyard/deploy-eks",
  "@switchyard/deploy-verify",
  "@switchyard/integration-suite",
  "@switchyard/platform",
];

/** What a change to catalog's source reaches: its callers, and everything that starts it. */
const affectedByCatalog = [
  ...startsEveryApp,
  "@switchyard/catalog",
  "@switchyard/checkout",
  "@switchyard/deploy-validators",
  // It renders compose and EKS from the same topology in its tests.
  "@switchyard/workspace-checks",
].sort();

describe("nx affected", () => {
  it("when catalog changes, then its caller and everything that starts it are affected: the suite, the platform, the deploy tests, the benchmark", async () => {
    assert.deepEqual(await affectedBy(["apps/catalog/src/catalog-service.ts"]), affectedByCatalog);
  });

  it("when an app nothing else calls changes, then it and what starts every app are affected, not the other apps", async () => {
    assert.deepEqual(
      await affectedBy(["apps/checkout/src/checkout-service.ts"]),
      ["@switchyard/checkout", ...startsEveryApp, "@switchyard/workspace-checks"].sort(),
    );
  });

  it("when pricing changes, then its caller is affected, and the validators, which start catalog alone, are not", async () => {
    assert.deepEqual(
      await affectedBy(["apps/pricing/src/pricing-service.ts"]),
      [
        "@switchyard/checkout",
        "@switchyard/pricing",
        ...startsEveryApp,
        "@switchyard/workspace-checks",
      ].sort(),
    );
  });

  it("when deploy/settings changes, then every deploy package and every app's image are affected", async () => {
    assert.deepEqual(
      await affectedBy(["deploy/settings/src/index.ts"]),
      [
        ...affectedByCatalog,
        "@switchyard/deploy-compose",
        "@switchyard/deploy-image",
        "@switchyard/deploy-settings",
        // Its generators render the deploy artefacts.
        "@switchyard/nx-plugin",
        "@switchyard/pricing",
      ].sort(),
    );
  });

  it("when a lib changes, then the lib and its dependents are affected, not its dependencies", async () => {
    const affected = await affectedBy(["libs/topology/src/platform-services.ts"]);
    assert.ok(affected.includes("@switchyard/topology"));
    assert.ok(affected.includes("@switchyard/envoy-config"), "envoy-config depends on topology");
    assert.ok(affected.includes("@switchyard/catalog"), "catalog's tests depend on topology");
    assert.ok(affected.includes("@switchyard/nx-plugin"), "the graph's edges are inferred from it");
    assert.ok(!affected.includes("@switchyard/proto"), "proto is a dependency, not a dependent");
  });

  it("when a .proto changes, then the generated lib and every project using it are affected: all but three", async () => {
    const { stdout } = await execFileAsync("npx", ["nx", "show", "projects", "--json"], {
      cwd: workspaceRoot,
      env: { ...process.env, NX_DAEMON: "false" },
    });
    // The status codes, the raw wire helpers and the dev issuer read no generated code.
    const readNoProto = ["@switchyard/dev-issuer", "@switchyard/grpc-status", "@switchyard/grpc-wire"];
    assert.deepEqual(
      await affectedBy(["proto/switchyard/catalog/v1/catalog_service.proto"]),
      (JSON.parse(stdout) as string[]).filter((project) => !readNoProto.includes(project)).sort(),
    );
  });
});

/**
 * A throwaway history: the workspace's files (tracked and new, as `git ls-files` lists them)
 * committed into a fresh repository with the installed node_modules linked in, where each case
 * commits one change and asks Nx which projects `nx affected -t build container` would run,
 * as CI does between two commits.
 */
describe("nx affected -t build container on a throwaway history", () => {
  let clone = "";
  const git = (...args: string[]) =>
    execFileAsync("git", ["-c", "user.name=ci", "-c", "user.email=ci@example.invalid", ...args], {
      cwd: clone,
    });

  before(async () => {
    clone = await mkdtemp(join(tmpdir(), "switchyard-affected-"));
    const { stdout } = await execFileAsync(
      "git",
      ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
      { cwd: workspaceRoot, maxBuffer: 64 * 1024 * 1024 },
    );
    for (const file of stdout.split("\0").filter((name) => name !== "")) {
      await cp(join(workspaceRoot, file), join(clone, file)).catch((error: unknown) => {
        // A file deleted in the work tree but not yet from the index is not part of the tree.
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      });
    }
    await symlink(join(workspaceRoot, "node_modules"), join(clone, "node_modules"));
    await git("init", "--quiet");
    await git("add", "--all");
    await git("commit", "--quiet", "--message", "the workspace as it is");
  });
  after(async () => {
    if (clone !== "") await rm(clone, { recursive: true, force: true });
  });

  async function affectedByCommit(file: string, target: "build" | "container" | "test"): Promise<string[]> {
    await appendFile(join(clone, file), "\n");
    await git("commit", "--quiet", "--all", "--message", `touch ${file}`);
    const { stdout } = await execFileAsync(
      "npx",
      [
        "nx",
        "show",
        "projects",
        "--affected",
        "--base=HEAD~1",
        "--head=HEAD",
        `--with-target=${target}`,
        "--json",
      ],
      { cwd: clone, env: { ...process.env, NX_DAEMON: "false" } },
    );
    return (JSON.parse(stdout) as string[]).sort();
  }

  it("when one app's source changes, then that app and its callers are built and containerized", async () => {
    // checkout calls pricing (a topology edge): it is re-tested, and its unchanged build comes from cache.
    const file = "apps/pricing/src/pricing-service.ts";
    assert.deepEqual(await affectedByCommit(file, "build"), ["@switchyard/checkout", "@switchyard/pricing"]);
    assert.deepEqual(await affectedByCommit(file, "container"), [
      "@switchyard/checkout",
      "@switchyard/pricing",
    ]);
    // Nothing calls checkout: a change to it builds checkout alone.
    assert.deepEqual(await affectedByCommit("apps/checkout/src/checkout-service.ts", "container"), [
      "@switchyard/checkout",
    ]);
  });

  it("when catalog's source changes, then the tests of everything that starts it run", async () => {
    assert.deepEqual(
      await affectedByCommit("apps/catalog/src/catalog-service.ts", "test"),
      affectedByCatalog,
    );
  });

  it("when a lib changes, then exactly the apps that depend on it are built", async () => {
    // envoy-config: only catalog's tests use it among the apps (and checkout calls catalog);
    // pricing neither uses it nor calls catalog.
    assert.deepEqual(await affectedByCommit("libs/envoy-config/src/index.ts", "container"), [
      "@switchyard/catalog",
      "@switchyard/checkout",
    ]);
    // service-runtime: every app serves with it.
    assert.deepEqual(await affectedByCommit("libs/service-runtime/src/index.ts", "build"), [
      "@switchyard/catalog",
      "@switchyard/checkout",
      "@switchyard/pricing",
    ]);
  });

  it("when the Dockerfile or the image builder changes, then every app's image is rebuilt", async () => {
    const apps = ["@switchyard/catalog", "@switchyard/checkout", "@switchyard/pricing"];
    assert.deepEqual(await affectedByCommit("deploy/image/Dockerfile", "container"), apps);
    assert.deepEqual(await affectedByCommit("deploy/image/src/bundle-app.ts", "build"), apps);
    // The compose file runs the images but does not make them.
    assert.deepEqual(await affectedByCommit("deploy/compose/compose.yaml", "container"), []);
  });
});
