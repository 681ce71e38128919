import { fileURLToPath } from "node:url";

/** Options for {@link migrateDatabase}. */
export interface MigrateDatabaseOptions {
  /** The database to migrate. */
  readonly url: string;
  /** Folder of versioned SQL files (`<number>_<name>.sql`, `-- Up Migration` / `-- Down Migration` sections). */
  readonly dir: URL;
  /** The schema the service owns: created when missing; it also holds the migration log. */
  readonly schema: string;
  /** Receives progress lines. Default: dropped. */
  readonly log?: (message: string) => void;
}

/**
 * Applies every pending migration of `dir` in one transaction, with node-pg-migrate. The
 * migration log lives in the service's own schema (`<schema>.pgmigrations`), so services
 * sharing one database never see each other's migrations. Replicas that start together
 * take turns on an advisory lock: the first migrates, the others wait and find nothing
 * left to do. Resolves with the names of the migrations it applied.
 */
export async function migrateDatabase(options: MigrateDatabaseOptions): Promise<string[]> {
  const log = options.log ?? (() => undefined);
  // Imported here, not at the top: node-pg-migrate (and the TypeScript loader it brings)
  // costs a service without DATABASE_URL start-up time and memory for nothing.
  const { runner } = await import("node-pg-migrate");
  const applied = await runner({
    databaseUrl: options.url,
    dir: fileURLToPath(options.dir),
    schema: options.schema,
    createSchema: true,
    migrationsSchema: options.schema,
    createMigrationsSchema: true,
    migrationsTable: "pgmigrations",
    direction: "up",
    checkOrder: true,
    singleTransaction: true,
    advisoryLockMode: "wait",
    logger: { debug: () => undefined, info: log, warn: log, error: log },
  });
  return applied.map((migration) => migration.name);
}
