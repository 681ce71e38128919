import type pg from "pg";
import type { DatabasePool } from "./database-pool.js";

/**
 * Runs `work` in one transaction on one pooled connection: BEGIN, `statement_timeout`
 * set to `timeoutMs` for this transaction only, `work`, COMMIT; ROLLBACK when `work`
 * throws. A connection whose state is unknown after an error is discarded, not pooled.
 */
export async function runInTransaction<T>(
  database: DatabasePool,
  timeoutMs: number,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await database.pool.connect();
  let broken: Error | undefined;
  try {
    await client.query("BEGIN");
    await client.query("SELECT set_config('statement_timeout', $1, true)", [String(timeoutMs)]);
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch((rollbackError: unknown) => {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
