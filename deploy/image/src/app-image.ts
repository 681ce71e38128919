import { execFile } from "node:child_process";
import { constants } from "node:fs";
import { createHash } from "node:crypto";
import { access, copyFile, cp, mkdir, readdir, readFile, readlink, rm, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { deployedServices } from "@switchyard/deploy-settings";
import { appBuildDirectory } from "./app-build.js";
import { resolveBaseImage, type ResolvedBaseImage } from "./base-images.js";
import { imageDirectory } from "./bundle-app.js";
import { workspaceRoot } from "@switchyard/launcher";
import { appImageRepository, developmentImageTag } from "./images.js";
import { dockerArchitecture, dockerBuildEnvironment, runDocker } from "./docker-cli.js";
import { readToolchainVersions } from "./toolchain-versions.js";

const execFileAsync = promisify(execFile);

/** The repository's git commit, short, with `-dirty` when tracked files have changes: the image tag of a build. */
export async function sourceRevision(): Promise<string> {
  const git = (args: string[]) => execFileAsync("git", args, { cwd: workspaceRoot });
  try {
    const { stdout: sha } = await git(["rev-parse", "--short=12", "HEAD"]);
    const { stdout: status } = await git(["status", "--porcelain", "--untracked-files=no"]);
    return `${sha.trim()}${status.trim() === "" ? "" : "-dirty"}`;
  } catch {
    // A tree without git history (an exported archive): the image still gets its :dev tag.
    return "unversioned";
  }
}

/** What {@link buildAppImage} built. */
export interface BuiltAppImage {
  readonly app: string;
  /** Every tag the image got: `<repository>:<revision>` first, then `<repository>:dev`. */
  readonly tags: readonly string[];
  /** The Node.js image it was built on. */
  readonly baseImage: ResolvedBaseImage;
}

/**
 * Environment variable with the platform to build images for, e.g. `linux/arm64` for
 * Graviton on a linux/amd64 machine (needs `docker buildx` and the official Node.js
 * image). Default: the engine's own platform.
 */
export const imagePlatformVariable = "SWITCHYARD_IMAGE_PLATFORM";

async function imageArchitecture(): Promise<{ architecture: string; platformArgs: string[] }> {
  const platform = process.env[imagePlatformVariable] ?? "";
  if (platform === "") return { architecture: await dockerArchitecture(), platformArgs: [] };
  const architecture = /^linux\/(amd64|arm64)$/.exec(platform)?.[1];
  if (architecture === undefined)
    throw new Error(`${imagePlatformVariable}=${platform}: use linux/amd64 or linux/arm64`);
  return { architecture, platformArgs: ["--platform", platform] };
}

const inputsLabel = "org.switchyard.image-inputs";

/** A hash of a folder's tree: every path, link target and file content, in a stable order. */
async function treeHash(root: string): Promise<string> {
  const hash = createHash("sha256");
  const walk = async (dir: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    for (const entry of entries) {
      const path = join(dir, entry.name);
      hash.update(`\0${relative(root, path)}\0`);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isSymbolicLink()) hash.update(await readlink(path));
      else hash.update(await readFile(path));
    }
  };
  await walk(root);
  return hash.digest("hex");
}

/** Options for {@link buildAppImage}. */
export interface BuildAppImageOptions {
  /** Progress lines for humans. Default: stderr. */
  readonly log?: (line: string) => void;
}

/**
 * A static Linux grpc-health-probe for the image's architecture (the image's
 * HEALTHCHECK and the EKS liveness probe run it), built with Go at the toolchain's
 * pinned version into `.toolchain/image-tools` and reused while that version holds.
 */
async function healthProbeForImages(architecture: string): Promise<string> {
  const version = (await readToolchainVersions()).get("GRPC_HEALTH_PROBE_VERSION");
  if (version === undefined) throw new Error("tools/toolchain/versions.env has no GRPC_HEALTH_PROBE_VERSION");
  const dir = join(workspaceRoot, ".toolchain", "image-tools", `linux-${architecture}`);
  const binary = join(dir, "grpc-health-probe");
  const stamp = join(dir, ".grpc-health-probe-version");
  const built =
    (await access(binary, constants.X_OK).then(
      () => true,
      () => false,
    )) && (await readFile(stamp, "utf8").catch(() => "")) === version;
  if (!built) {
    await mkdir(dir, { recursive: true });
    const { stdout } = await execFileAsync("go", ["env", "GOHOSTOS", "GOHOSTARCH", "GOPATH"]);
    const [hostOs, hostArch, goPath = ""] = stdout.trim().split("\n");
    const native = hostOs === "linux" && hostArch === architecture;
    const env: NodeJS.ProcessEnv = { ...process.env, CGO_ENABLED: "0", GOOS: "linux", GOARCH: architecture };
    // go install refuses GOBIN for a cross build; it then writes to $GOPATH/bin/linux_<arch>.
    if (native) env["GOBIN"] = dir;
    else delete env["GOBIN"];
    await execFileAsync(
      "go",
      ["install", "-trimpath", `github.com/grpc-ecosystem/grpc-health-probe@${version}`],
      {
        env,
        maxBuffer: 16 * 1024 * 1024,
        timeout: 900_000,
      },
    );
    if (!native) await copyFile(join(goPath, "bin", `linux_${architecture}`, "grpc-health-probe"), binary);
    await writeFile(stamp, version);
  }
  return binary;
}

/**
 * The image of an app (the Nx `container` target): the app's production build
 * (`dist/apps/<app>`, from the `build` target) and a static grpc-health-probe are
 * staged in `dist/containers/<app>` and built with `deploy/image/Dockerfile` on the
 * Node.js base image {@link resolveBaseImage} picks, tagged `switchyard/<app>:<git sha>`
 * and `switchyard/<app>:dev`. The build copies files only: no network, no registry.
 */
export async function buildAppImage(app: string, options: BuildAppImageOptions = {}): Promise<BuiltAppImage> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const service = deployedServices().find((candidate) => candidate.name === app);
  if (service === undefined) throw new Error(`${app} is not a service of the topology (libs/topology)`);
  const build = appBuildDirectory(app);
  await access(join(build, "main.mjs")).catch(() => {
    throw new Error(
      `${build}/main.mjs is missing: run \`nx build ${app}\` first (the container target depends on it)`,
    );
  });
  const { architecture, platformArgs } = await imageArchitecture();
  const [probe, baseImage] = await Promise.all([
    healthProbeForImages(architecture),
    resolveBaseImage("node", { log }),
  ]);
  const repository = appImageRepository(app);
  const tags = [`${repository}:${await sourceRevision()}`, `${repository}:${developmentImageTag}`];
  // Everything the image is made of: an image with the same inputs is tagged again, not rebuilt.
  const dockerfile = join(imageDirectory, "Dockerfile");
  const { stdout: baseId } = await runDocker([
    "image",
    "inspect",
    "--format",
    "{{.Id}}",
    baseImage.image,
  ]).catch(() => ({ stdout: baseImage.image }));
  const inputs = createHash("sha256")
    .update([await treeHash(build), baseId.trim(), architecture, service.port].join("\0"))
    .update(await readFile(dockerfile))
    .update(await readFile(probe))
    .digest("hex")
    .slice(0, 32);
  const existing = await runDocker(
    [
      "image",
      "inspect",
      "--format",
      `{{ index .Config.Labels "${inputsLabel}" }}`,
      `${repository}:${developmentImageTag}`,
    ],
    { timeoutMs: 60_000 },
  ).then(
    (output) => output.stdout.trim(),
    () => "",
  );
  if (existing === inputs && platformArgs.length === 0) {
    for (const tag of tags) await runDocker(["tag", `${repository}:${developmentImageTag}`, tag]);
    log(`${tags.join(", ")}: unchanged inputs, the existing image is tagged`);
    return { app, tags, baseImage };
  }
  const context = join(workspaceRoot, "dist", "containers", app);
  await rm(context, { recursive: true, force: true });
  await mkdir(context, { recursive: true });
  await cp(build, join(context, "app"), { recursive: true, verbatimSymlinks: true });
  await copyFile(probe, join(context, "grpc-health-probe"));
  log(`building ${tags.join(", ")} on ${baseImage.image}`);
  await runDocker(
    [
      ...(platformArgs.length > 0 ? ["buildx", "build", "--load"] : ["build"]),
      ...platformArgs,
      "--file",
      dockerfile,
      "--label",
      `${inputsLabel}=${inputs}`,
      "--build-arg",
      `NODE_IMAGE=${baseImage.image}`,
      "--build-arg",
      `APP=${app}`,
      "--build-arg",
      `PORT=${service.port}`,
      ...tags.flatMap((tag) => ["--tag", tag]),
      context,
    ],
    { env: platformArgs.length > 0 ? {} : await dockerBuildEnvironment(), timeoutMs: 1_800_000 },
  );
  return { app, tags, baseImage };
}
