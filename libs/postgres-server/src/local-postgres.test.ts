import assert from "node:assert/strict";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import {
  dropDatabase,
  ensureDatabase,
  startLocalPostgres,
  uniqueDatabaseName,
  type LocalPostgres,
} from "./index.js";

describe("startLocalPostgres", () => {
  let workDir: string;
  let server: LocalPostgres | undefined;

  before(async () => {
    workDir = await mkdtemp(join(tmpdir(), "switchyard-pg-"));
    // Reachable by the unprivileged user the server runs as when the tests run as root.
    await chmod(workDir, 0o755);
  });

  after(async () => {
    await server?.stop();
    await rm(workDir, { recursive: true, force: true });
  });

  it("when started on an empty directory, then it initialises a cluster that keeps data across restarts", async () => {
    const dataDir = join(workDir, "data");
    server = await startLocalPostgres({ dataDir, durable: false });
    const url = await ensureDatabase(server.adminUrl, "kept");
    const write = new pg.Client({ connectionString: url });
    await write.connect();
    await write.query("CREATE TABLE notes (text text); INSERT INTO notes VALUES ('survives')");
    await write.end();
    await server.stop();
    assert.match(await server.exited, /exit code 0/);

    server = await startLocalPostgres({ dataDir, durable: false });
    const read = new pg.Client({ connectionString: await ensureDatabase(server.adminUrl, "kept") });
    await read.connect();
    const rows = await read.query<{ text: string }>("SELECT text FROM notes");
    await read.end();
    assert.deepEqual(
      rows.rows.map((row) => row.text),
      ["survives"],
    );
  });

  it("when a database is dropped with a session open, then the drop still succeeds", async () => {
    assert.ok(server);
    const name = uniqueDatabaseName("drop me");
    assert.match(name, /^drop_me_[0-9a-f]{12}$/);
    const client = new pg.Client({ connectionString: await ensureDatabase(server.adminUrl, name) });
    client.on("error", () => undefined);
    await client.connect();
    await dropDatabase(server.adminUrl, name);
    await client.end().catch(() => undefined);
  });
});
