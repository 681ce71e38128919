import assert from "node:assert/strict";
import { readFile, rename } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { derivedFileCommands } from "./generators/derived-files.js";
import { createWorkspaceCopy, workspaceCopyTimeoutMs, type WorkspaceCopy } from "./testing/workspace-copy.js";

const fromScope = "@switchyard";
const toScope = "@acme";
const toProto = "acme";

/**
 * What may still name the old roots after the rename, as `git grep` pathspecs: nothing. The
 * product name stays in prose, in `SWITCHYARD_*` environment variables, in the
 * `switchyard-local/*` base images, and in names a build does not resolve (the Kubernetes
 * namespace, the compose project, the Cloud Map namespace `switchyard.internal`, CDK stack
 * and metric names), none of which the patterns below match; binary files (`-I`) are not read.
 */
const allowedLeftovers: readonly string[] = [];

/** The old root of the proto packages (the scope without its `@`, in this workspace). */
const fromProto = fromScope.slice(1);

/**
 * The old npm scope as a whole name; proto packages under the old root (also fully qualified,
 * and with escaped dots in regular expressions), proto paths and descriptor names; image names.
 */
const leftoverPattern = [
  String.raw`(^|[^[:alnum:]_@.-])${fromScope}([^[:alnum:]_-]|$)`,
  String.raw`(^|[^[:alnum:]_-])${fromProto}\\*\.[^./[:space:]\]+\\*\.v[0-9]`,
  String.raw`(^|[^[:alnum:]_.-])${fromProto}/[^./[:space:]]+/v[0-9]`,
  String.raw`(^|[^[:alnum:]_.@-])${fromProto}/`,
  `file_${fromProto}_`,
].join("|");

/** The unit tests run in the renamed copy: status mapping, topology, rendered Envoy, reflection by full name and one service. */
const unitTests = [
  "libs/grpc-status/src/*.test.ts",
  "libs/topology/src/*.test.ts",
  "libs/envoy-config/src/checked-in-config.test.ts",
  "libs/grpc-reflection/src/reflection-responder.test.ts",
  "apps/pricing/src/pricing-rpcs.test.ts",
];

describe("nx g @switchyard/nx-plugin:rename, in a copy of the workspace", () => {
  let copy: WorkspaceCopy | undefined;

  before(
    async () => {
      copy = await createWorkspaceCopy();
    },
    { timeout: workspaceCopyTimeoutMs },
  );

  after(
    async () => {
      await copy?.remove();
    },
    { timeout: workspaceCopyTimeoutMs },
  );

  it(
    "when the scope and proto packages are renamed, then nothing names the old ones and lint, typecheck and unit tests pass",
    { timeout: workspaceCopyTimeoutMs },
    async () => {
      assert.ok(copy !== undefined, "before() made the copy");
      // The copy's node_modules links into the original's, so `npm install` must not run there:
      // the test re-links the workspace scope itself, then runs the derived-file commands.
      await copy.run("npx", [
        "nx",
        "g",
        `${fromScope}/nx-plugin:rename`,
        "--scope",
        toScope,
        "--proto-package",
        toProto,
        "--skipInstall",
        "--skipDerivedFiles",
      ]);
      await rename(join(copy.root, "node_modules", fromScope), join(copy.root, "node_modules", toScope));
      for (const command of derivedFileCommands) {
        await copy.run(
          "npm",
          command.map((argument) => argument.replace(`${fromScope}/`, `${toScope}/`)),
        );
      }
      await copy.run("git", ["add", "-A"]);
      const leftovers = await copy.run("sh", [
        "-c",
        'git grep -I -n -E "$0" -- . "$@" || test $? -eq 1',
        leftoverPattern,
        ...allowedLeftovers.map((path) => `:!${path}`),
      ]);
      assert.equal(leftovers, "", "files still naming the old scope or proto packages");
      const status = await copy.run("git", ["status", "--porcelain"]);
      assert.match(
        status,
        /R {2}proto\/switchyard\/catalog\/v1\/catalog_service\.proto -> proto\/acme\/catalog\/v1\//,
      );
      for (const [path, expected] of [
        ["deploy/compose/compose.yaml", /image: acme\/catalog:/],
        ["deploy/eks/base/catalog.yaml", /image: acme\/catalog$/m],
        ["deploy/eks/overlays/prod/kustomization.yaml", /newName: [^\s]+\/acme\/catalog$/m],
        ["deploy/ecs/src/grpc-fargate-service.ts", /`acme\/\$\{service\.name\}`/],
        ["envoy/envoy.yaml", /\/acme\.catalog\.v1\.CatalogService\//],
      ] as const) {
        assert.match(await readFile(join(copy.root, path), "utf8"), expected, path);
      }
      const changed = (await copy.run("git", ["diff", "--cached", "--name-only", "--diff-filter=AMR"]))
        .split("\n")
        .filter((path) => path !== "");
      await copy.run("npx", ["prettier", "--check", "--ignore-unknown", ...changed]);
      await copy.run(
        "npx",
        ["nx", "run-many", "-t", "lint", "typecheck", "--skipNxCache", "--outputStyle=static"],
        900_000,
      );
      await copy.run("sh", ["-c", `node --import tsx --test ${unitTests.join(" ")}`], 300_000);
    },
  );
});
