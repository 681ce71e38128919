/**
 * The platform's PostgreSQL as every deploy target reaches it. The services that own data
 * (`ownsData` in the topology) share one database, each in its own schema, and read its
 * address from `DATABASE_URL`; credentials never appear in that URL or in a manifest:
 * `pg` takes the user and password from `PGUSER` and `PGPASSWORD` when the URL has none,
 * and each target fills those from its secret store (Secrets Manager on ECS, a Kubernetes
 * Secret on EKS).
 */
export const databaseSettings = {
  /** PostgreSQL's port, the same on every target (security groups and network policies open it). */
  port: 5432,
  /** The database the services share (their schemas inside it: `catalog`, `checkout`). */
  name: "switchyard",
  /** The master user the managed database is created with. */
  user: "switchyard",
  /**
   * Added to `DATABASE_URL` in the cloud: the connection is encrypted. `no-verify` because the
   * managed database's certificate is signed by Amazon's RDS CA, which Node does not trust by
   * default; to verify it too, add the RDS CA bundle to the image, point `NODE_EXTRA_CA_CERTS`
   * at it and use `sslmode=verify-full`.
   */
  cloudSslMode: "no-verify",
} as const;

/**
 * `DATABASE_URL` for a database at `host`: no credentials (they come from `PGUSER` and
 * `PGPASSWORD`), the shared database, and `sslmode` when given.
 */
export function databaseUrl(host: string, sslMode?: string): string {
  const query = sslMode === undefined ? "" : `?sslmode=${sslMode}`;
  return `postgres://${host}:${databaseSettings.port}/${databaseSettings.name}${query}`;
}
