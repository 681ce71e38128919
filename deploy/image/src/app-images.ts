import { spawn } from "node:child_process";
import { mkdir, rmdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { deployedServices } from "@switchyard/deploy-settings";
import { workspaceRoot } from "@switchyard/launcher";
import { appImageRepository, developmentImageTag } from "./images.js";

/** Options for {@link buildAppImages}. */
export interface BuildAppImagesOptions {
  /** Output lines of the build, for humans. Default: stderr. */
  readonly log?: (line: string) => void;
}

const lockDirectory = join(workspaceRoot, "dist", ".container-build.lock");
// A build on a cold, loaded machine (base images, collector) takes minutes; a lock older than
// this was left by a run that died.
const staleLockMs = 30 * 60_000;

async function withBuildLock<T>(work: () => Promise<T>): Promise<T> {
  await mkdir(join(workspaceRoot, "dist"), { recursive: true });
  for (;;) {
    try {
      await mkdir(lockDirectory);
      break;
    } catch {
      const age = await stat(lockDirectory).then(
        (info) => Date.now() - info.mtimeMs,
        () => 0,
      );
      if (age > staleLockMs) await rmdir(lockDirectory).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    return await work();
  } finally {
    await rmdir(lockDirectory).catch(() => undefined);
  }
}

/**
 * Builds every app's image through Nx (`nx run-many -t container`, so `build`
 * first, from Nx's cache when nothing changed) and resolves with the
 * `switchyard/<app>:dev` references. Test files that need the images call this;
 * a lock in `dist/` makes concurrent callers build once, one after another.
 */
export async function buildAppImages(options: BuildAppImagesOptions = {}): Promise<readonly string[]> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const apps = deployedServices().map((service) => service.name);
  await withBuildLock(
    () =>
      new Promise<void>((resolve, reject) => {
        const child = spawn(
          "nx",
          [
            "run-many",
            "--targets=container",
            `--projects=${apps.map((app) => `@switchyard/${app}`).join(",")}`,
            "--outputStyle=static",
            "--parallel=1",
          ],
          {
            cwd: workspaceRoot,
            stdio: ["ignore", "pipe", "pipe"],
            env: { ...process.env, NX_DAEMON: "false" },
          },
        );
        let output = "";
        const collect = (chunk: Buffer) => {
          output += chunk.toString();
          const lines = output.split("\n");
          output = lines.pop() ?? "";
          for (const line of lines) if (line.trim() !== "") log(line);
        };
        child.stdout.on("data", collect);
        child.stderr.on("data", collect);
        child.once("error", reject);
        child.once("exit", (code) => {
          if (code === 0) resolve();
          else reject(new Error(`nx run-many -t container exited with ${String(code)}`));
        });
      }),
  );
  return apps.map((app) => `${appImageRepository(app)}:${developmentImageTag}`);
}
