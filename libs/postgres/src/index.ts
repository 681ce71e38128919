/**
 * PostgreSQL for the services that own tables: configuration from the environment, a
 * pool with statement timeouts, transactions whose timeout follows the call's deadline,
 * versioned SQL migrations, readiness that follows the database, a LISTEN/NOTIFY change
 * feed, and the mapping of database failures to gRPC status codes.
 */
export { loadDatabaseConfig } from "./database-config.js";
export type { DatabaseConfig } from "./database-config.js";
export { createDatabasePool } from "./database-pool.js";
export type { DatabasePool } from "./database-pool.js";
export { runInTransaction } from "./transaction.js";
export { databaseError } from "./database-errors.js";
export { migrateDatabase } from "./migrations.js";
export type { MigrateDatabaseOptions } from "./migrations.js";
export { openServiceDatabase } from "./service-database.js";
export type { ServiceDatabaseOptions } from "./service-database.js";
export { createNotificationListener } from "./notification-listener.js";
export type { NotificationListener, NotificationListenerOptions } from "./notification-listener.js";
export { createDatabaseReadiness, isDatabaseReachable } from "./database-readiness.js";
export type { DatabaseReadiness, DatabaseReadinessOptions } from "./database-readiness.js";
