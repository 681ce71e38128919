import { randomBytes } from "node:crypto";
import pg from "pg";

async function withAdminClient<T>(adminUrl: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** `adminUrl` with its database replaced by `database`. */
export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/** Creates `database` on the server of `adminUrl` unless it exists; resolves with its URL. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<string> {
  await withAdminClient(adminUrl, async (client) => {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  });
  return databaseUrl(adminUrl, database);
}

/** Drops `database` on the server of `adminUrl`, ending its open sessions first. */
export async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  await withAdminClient(adminUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(database)} WITH (FORCE)`);
  });
}

/** A database name that no other caller picks: `prefix` and random hex, e.g. `test_checkout_1a2b3c4d`. */
export function uniqueDatabaseName(prefix: string): string {
  return `${prefix.toLowerCase().replace(/[^a-z0-9_]/g, "_")}_${randomBytes(6).toString("hex")}`;
}
