import { execFile } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readdir, readlink, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { workspaceRoot } from "@switchyard/launcher";

const execFileAsync = promisify(execFile);

/** A throwaway copy of the workspace, committed once into its own git repository. */
export interface WorkspaceCopy {
  /** Its root folder. */
  readonly root: string;
  /** Runs `command` in the copy (Nx without its daemon); rejects with the output when it fails. */
  run(command: string, args: readonly string[], timeoutMs?: number): Promise<string>;
  /** Commits everything in the copy as it is now (an empty commit when nothing changed). */
  commitAll(message: string): Promise<void>;
  /** Deletes the copy. */
  remove(): Promise<void>;
}

/** Files of the workspace as git sees them (tracked and new, not ignored), minus the installed tools. */
async function workspaceFiles(): Promise<string[]> {
  const { stdout } = await execFileAsync(
    "git",
    ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
    {
      cwd: workspaceRoot,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return stdout
    .split("\0")
    .filter((path) => path !== "" && path !== ".toolchain" && !path.startsWith("node_modules/"));
}

/** Whether `folder` is the workspace's own scope: links into the workspace (`../../<folder>`) only. */
async function isWorkspaceScope(folder: string): Promise<boolean> {
  const entries = await readdir(folder).catch(() => []);
  if (entries.length === 0) return false;
  const targets = await Promise.all(entries.map((entry) => readlink(join(folder, entry)).catch(() => "")));
  return targets.every((target) => target.startsWith("../../"));
}

/**
 * Links the installed packages into `root`: every top-level package to the original, and the
 * workspace's own packages (`node_modules/@<scope>/*`, relative links) re-created so they resolve
 * to the copy's sources, as do packages a generator adds.
 */
async function linkNodeModules(root: string, files: readonly string[]): Promise<void> {
  const original = join(workspaceRoot, "node_modules");
  await mkdir(join(root, "node_modules"));
  for (const entry of await readdir(original)) {
    if (!(await isWorkspaceScope(join(original, entry)))) {
      await symlink(join(original, entry), join(root, "node_modules", entry));
      continue;
    }
    await mkdir(join(root, "node_modules", entry));
    for (const name of await readdir(join(original, entry))) {
      await symlink(await readlink(join(original, entry, name)), join(root, "node_modules", entry, name));
    }
  }
  // Packages npm installed inside a workspace package (another version than the root's).
  const packageFolders = new Set(files.filter((path) => path.endsWith("/package.json")).map(dirname));
  for (const folder of packageFolders) {
    const nested = join(workspaceRoot, folder, "node_modules");
    if (
      await stat(nested).then(
        () => true,
        () => false,
      )
    )
      await symlink(nested, join(root, folder, "node_modules"));
  }
}

/**
 * Copies the workspace's files into a temporary folder, links `node_modules` and `.toolchain`,
 * and commits the copy into a fresh git repository, so a test can run generators there and
 * compare with `git status`.
 */
export async function createWorkspaceCopy(): Promise<WorkspaceCopy> {
  const root = await mkdtemp(join(tmpdir(), "switchyard-generator-"));
  const remove = () => rm(root, { recursive: true, force: true });
  try {
    const files = await workspaceFiles();
    for (const path of files) {
      await mkdir(dirname(join(root, path)), { recursive: true });
      await copyFile(join(workspaceRoot, path), join(root, path));
    }
    await linkNodeModules(root, files);
    await symlink(join(workspaceRoot, ".toolchain"), join(root, ".toolchain"));
    const run = async (command: string, args: readonly string[], timeoutMs = 300_000) => {
      try {
        const { stdout, stderr } = await execFileAsync(command, [...args], {
          cwd: root,
          env: { ...process.env, NX_DAEMON: "false", NX_NO_CLOUD: "true" },
          maxBuffer: 64 * 1024 * 1024,
          timeout: timeoutMs,
        });
        return `${stdout}${stderr}`;
      } catch (error) {
        const failed = error as { stdout?: string; stderr?: string; message: string };
        throw new Error(
          `${command} ${args.join(" ")} failed: ${failed.message}\n${failed.stdout ?? ""}${failed.stderr ?? ""}`,
          { cause: error },
        );
      }
    };
    await run("git", ["init", "-q"]);
    await writeFile(join(root, ".git", "info", "exclude"), "node_modules\n.toolchain\n");
    const commitAll = async (message: string): Promise<void> => {
      await run("git", ["add", "-A"]);
      const author = ["-c", "user.name=test", "-c", "user.email=test@example.invalid"];
      await run("git", [...author, "commit", "-qm", message, "--allow-empty"]);
    };
    await commitAll("copy");
    return { root, run, commitAll, remove };
  } catch (error) {
    await remove();
    throw error;
  }
}

/**
 * The bound of one test (or hook) that works on a whole copy of the workspace: generate, then
 * lint, typecheck and test every project. About 7 minutes for the rename on a quiet 2-core
 * machine, so the runner's default (`--test-timeout`, 300 s) is too short; 30 minutes holds on a
 * machine loaded several times over. `SWITCHYARD_TIMEOUT_SCALE` multiplies it, as it does the
 * runner's.
 */
export const workspaceCopyTimeoutMs = 30 * 60_000 * Number(process.env["SWITCHYARD_TIMEOUT_SCALE"] ?? "1");
