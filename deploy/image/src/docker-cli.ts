import { runTool } from "@switchyard/launcher";

/** What a finished docker command printed. */
export interface DockerOutput {
  readonly stdout: string;
  readonly stderr: string;
}

/** Options for {@link runDocker}. */
export interface RunDockerOptions {
  readonly cwd?: string;
  /** Kill the command after this long. Default 10 minutes (image builds on a loaded machine). */
  readonly timeoutMs?: number;
  /** Extra environment variables. */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * Runs the `docker` CLI to completion. Rejects with the command and its stderr
 * when it exits non-zero, so a failed build or start names what failed.
 */
export async function runDocker(
  args: readonly string[],
  options: RunDockerOptions = {},
): Promise<DockerOutput> {
  const result = await runTool("docker", args, {
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    ...(options.env === undefined ? {} : { env: options.env }),
    timeoutMs: options.timeoutMs ?? 600_000,
  });
  if (result.exitCode !== 0) {
    throw new Error(`docker ${args.join(" ")} failed (exit code ${result.exitCode}):\n${result.stderr}`);
  }
  return { stdout: result.stdout, stderr: result.stderr };
}

/** The exit code of `docker <args>` (for `docker exec`, the command's own); never rejects on a non-zero exit. */
export async function dockerExitCode(args: readonly string[], timeoutMs = 120_000): Promise<number> {
  return (await runTool("docker", args, { timeoutMs })).exitCode;
}

/** Whether `docker <args>` exits 0 (e.g. `image inspect <ref>`); never rejects. */
export async function dockerSucceeds(args: readonly string[], timeoutMs = 120_000): Promise<boolean> {
  return runDocker(args, { timeoutMs }).then(
    () => true,
    () => false,
  );
}

let buildEnvironment: Promise<Readonly<Record<string, string>>> | undefined;

/**
 * Environment for `docker build`: BuildKit through buildx where the CLI has it;
 * otherwise the classic builder (`DOCKER_BUILDKIT=0`), which Debian's docker.io
 * needs and which builds these single-stage Dockerfiles the same way.
 */
export function dockerBuildEnvironment(): Promise<Readonly<Record<string, string>>> {
  buildEnvironment ??= dockerSucceeds(["buildx", "version"], 30_000).then((buildx) =>
    buildx ? {} : { DOCKER_BUILDKIT: "0" },
  );
  return buildEnvironment;
}

/** The engine's CPU architecture as Go and image platforms name it ("amd64", "arm64"). */
export async function dockerArchitecture(): Promise<string> {
  const { stdout } = await runDocker(["version", "--format", "{{.Server.Arch}}"], { timeoutMs: 30_000 });
  return stdout.trim();
}
