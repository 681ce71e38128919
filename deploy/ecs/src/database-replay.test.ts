import assert from "node:assert/strict";
import { chmod, chown, copyFile, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import { ensureDevCertificate } from "@switchyard/envoy-config";
import { startServiceProcess, type ServiceProcess } from "@switchyard/launcher";
import { databaseUrl, startLocalPostgres, type LocalPostgres } from "@switchyard/postgres-server";
import { databaseUrlVariable } from "@switchyard/topology";
import { synthesizePlatform } from "./synthesize-platform.js";

// The catalog's container as the synthesized task definition describes it: its DATABASE_URL
// (pointed at a local server instead of the Aurora endpoint) and the names of the secrets ECS
// injects. The local server stands in for Aurora with `rds.force_ssl`: the service's user may
// connect over TLS with a password only.
const { template } = synthesizePlatform();
type Resource = { Type: string; Properties: Record<string, unknown> };
const resources = Object.values(template["Resources"] as Record<string, Resource>);

interface ContainerDefinition {
  Name: string;
  Environment: { Name: string; Value: unknown }[];
  Secrets?: { Name: string; ValueFrom: unknown }[];
}

const catalogContainer = resources
  .filter((resource) => resource.Type === "AWS::ECS::TaskDefinition")
  .flatMap((resource) => resource.Properties["ContainerDefinitions"] as ContainerDefinition[])
  .find((container) => container.Name === "catalog");

/** The URL's parts around the endpoint: `Fn::Join ["", ["postgres://", <endpoint>, ":5432/…"]]`. */
function renderedUrl(host: string, port: number): string {
  const value = catalogContainer?.Environment.find((variable) => variable.Name === databaseUrlVariable)
    ?.Value as { "Fn::Join": [string, unknown[]] } | undefined;
  assert.ok(value, "the catalog's task definition sets DATABASE_URL");
  const parts = value["Fn::Join"][1].map((part) => (typeof part === "string" ? part : host));
  return parts.join("").replace(/:5432\//, `:${port}/`);
}

/** The user name the generated secret holds (its `SecretStringTemplate`). */
function secretUser(): string {
  const secret = resources.find((resource) => resource.Type === "AWS::SecretsManager::Secret");
  const generate = secret?.Properties["GenerateSecretString"] as { SecretStringTemplate: string } | undefined;
  assert.ok(generate);
  return (JSON.parse(generate.SecretStringTemplate) as { username: string }).username;
}

describe("the ECS database wiring, replayed against a real PostgreSQL and the real catalog", () => {
  const password = "replay-password";
  let workDir = "";
  let server: LocalPostgres | undefined;
  let catalog: ServiceProcess | undefined;

  before(async () => {
    workDir = await mkdtemp(join(tmpdir(), "switchyard-db-replay-"));
    // Reachable by the unprivileged user the server runs as when the tests run as root.
    await chmod(workDir, 0o755);
    const dataDir = join(workDir, "data");
    server = await startLocalPostgres({ dataDir, durable: false });
    const user = secretUser();
    const admin = new pg.Client({ connectionString: server.adminUrl });
    await admin.connect();
    try {
      await admin.query(
        `CREATE ROLE ${admin.escapeIdentifier(user)} LOGIN PASSWORD ${admin.escapeLiteral(password)}`,
      );
      await admin.query(`CREATE DATABASE switchyard OWNER ${admin.escapeIdentifier(user)}`);
      // TLS with the machine's dev certificate; the key must belong to the server's user.
      const certificate = await ensureDevCertificate(join(workDir, "tls"));
      const owner = await stat(dataDir);
      for (const [from, to] of [
        [certificate.certificateChainPath, "server.crt"],
        [certificate.privateKeyPath, "server.key"],
      ] as const) {
        await copyFile(from, join(dataDir, to));
        await chown(join(dataDir, to), owner.uid, owner.gid);
        await chmod(join(dataDir, to), 0o600);
      }
      // As Aurora with rds.force_ssl: the service's user over TLS with a password, nothing else.
      const hba = join(dataDir, "pg_hba.conf");
      await writeFile(
        hba,
        [
          "host all postgres 127.0.0.1/32 trust",
          `hostssl switchyard ${user} 127.0.0.1/32 scram-sha-256`,
          "",
        ].join("\n"),
      );
      await chown(hba, owner.uid, owner.gid);
      await admin.query("ALTER SYSTEM SET ssl = on");
      await admin.query("SELECT pg_reload_conf()");
    } finally {
      await admin.end();
    }
  });

  after(async () => {
    await catalog?.stop();
    await server?.stop();
    await rm(workDir, { recursive: true, force: true });
  });

  it("when the catalog gets DATABASE_URL and the secrets as the task definition says, then it migrates over TLS and serves", async () => {
    assert.ok(server && catalogContainer);
    const secrets = new Map(
      (catalogContainer.Secrets ?? []).map((secret) => [secret.Name, secret.ValueFrom]),
    );
    assert.deepEqual([...secrets.keys()].sort(), ["PGPASSWORD", "PGUSER"]);
    const url = renderedUrl("127.0.0.1", server.port);
    assert.equal(new URL(url).username, "", "no user in the URL");
    // ECS resolves each secret from its field of the generated secret: username, password.
    const env = { [databaseUrlVariable]: url, PGUSER: secretUser(), PGPASSWORD: password };

    const plaintext = new pg.Client({
      host: "127.0.0.1",
      port: server.port,
      database: "switchyard",
      user: env.PGUSER,
      password,
      ssl: false,
    });
    await assert.rejects(
      plaintext.connect(),
      /no pg_hba\.conf entry|SSL/,
      "plaintext is refused, as with rds.force_ssl",
    );

    catalog = await startServiceProcess({ service: "catalog", instanceId: "catalog-replay", env });
    const admin = new pg.Client({ connectionString: databaseUrl(server.adminUrl, "switchyard") });
    await admin.connect();
    try {
      const sessions = await admin.query<{ ssl: boolean }>(
        "SELECT s.ssl FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.usename = $1",
        [env.PGUSER],
      );
      assert.ok(sessions.rows.length > 0, "the catalog holds connections");
      assert.ok(
        sessions.rows.every((row) => row.ssl),
        "every connection of the catalog is encrypted",
      );
      const migrated = await admin.query("SELECT 1 FROM catalog.pgmigrations");
      assert.ok((migrated.rowCount ?? 0) > 0, "the catalog migrated its schema in the switchyard database");
    } finally {
      await admin.end();
    }
  });
});
