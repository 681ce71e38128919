import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { appImageRepository, pinnedImages, readToolchainVersions } from "@switchyard/deploy-image";
import { deployedServices, drainTimings, shutdownSeconds } from "@switchyard/deploy-settings";
import { validateEnvoyConfig } from "@switchyard/launcher";
import { composeDirectory, renderCheckedInCompose } from "./checked-in-compose.js";
import { dataOwners, databaseUrlVariable, platformServices } from "@switchyard/topology";
import {
  composePostgresService,
  composeReplicas,
  composeReplicasOf,
  composeVariables,
} from "./compose-file.js";
import { validateComposeFile } from "./compose-spec-validator.js";

interface ComposeService {
  image: string;
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  ports?: string[];
  environment?: Record<string, string>;
  networks?: Record<string, { ipv4_address: string }> | string[];
  stop_grace_period?: string;
}

const composePath = join(composeDirectory, "compose.yaml");
const envoyPath = join(composeDirectory, "envoy.yaml");

async function composeServices(): Promise<Record<string, ComposeService>> {
  const document = parse(await readFile(composePath, "utf8")) as { services: Record<string, ComposeService> };
  return document.services;
}

describe("checked-in compose files", () => {
  it("when the topology is rendered, then compose.yaml and envoy.yaml equal their rendering", async () => {
    for (const [name, content] of renderCheckedInCompose()) {
      assert.equal(
        await readFile(join(composeDirectory, name), "utf8"),
        content,
        `deploy/compose/${name} is stale: run \`npm run render -w @switchyard/deploy-compose\``,
      );
    }
  });

  it("when validated against the Compose Specification schema, then compose.yaml is valid", async () => {
    await validateComposeFile(await readFile(composePath, "utf8"));
  });

  it("when a key is misspelled, then the schema check rejects the file", async () => {
    await assert.rejects(validateComposeFile("services:\n  x:\n    imagee: nginx:1.29.0\n"), /imagee/);
  });

  it("when Envoy validates the compose variant of its config, then Envoy accepts it", async () => {
    await validateEnvoyConfig(envoyPath);
  });
});

describe("compose services", () => {
  it("when every service runs, then each has two replicas on the topology port with the drain timings", async () => {
    const services = await composeServices();
    for (const service of deployedServices()) {
      const replicas = Object.keys(services).filter((name) => name.startsWith(`${service.name}-`));
      assert.equal(replicas.length, composeReplicas, service.name);
      for (const name of replicas) {
        const replica = services[name];
        assert.ok(replica);
        // The image the app's Nx `container` target builds; compose never builds.
        assert.equal(replica.image, `${appImageRepository(service.name)}:\${SWITCHYARD_IMAGE_TAG:-dev}`);
        const environment = replica.environment ?? {};
        assert.equal(environment["PORT"], String(service.port));
        assert.equal(environment["DRAIN_DELAY_MS"], String(drainTimings.drainDelayMs));
        const grace = Number.parseInt(replica.stop_grace_period ?? "0", 10);
        assert.ok(grace > shutdownSeconds(), `${name}: stop_grace_period ${grace}s outlasts the drain`);
      }
    }
  });

  it("when Envoy routes, then its endpoints are exactly the replicas' fixed addresses and ports", async () => {
    const services = await composeServices();
    const envoy = parse(await readFile(envoyPath, "utf8")) as {
      static_resources: {
        clusters: {
          name: string;
          load_assignment: {
            endpoints: {
              lb_endpoints: {
                endpoint: { address: { socket_address: { address: string; port_value: number } } };
              }[];
            }[];
          };
        }[];
      };
    };
    for (const service of deployedServices()) {
      const cluster = envoy.static_resources.clusters.find((candidate) => candidate.name === service.name);
      assert.ok(cluster, `cluster ${service.name}`);
      const endpoints = cluster.load_assignment.endpoints.flatMap((group) =>
        group.lb_endpoints.map((entry) => entry.endpoint.address.socket_address),
      );
      const expected = composeReplicasOf(deployedServices())
        .filter((replica) => replica.service.name === service.name)
        .map((replica) => {
          const networks = services[replica.name]?.networks;
          assert.ok(networks !== undefined && !Array.isArray(networks));
          return { address: networks["switchyard"]?.ipv4_address, port_value: service.port };
        });
      assert.deepEqual(endpoints, expected);
    }
  });

  it("when images are pulled, then each is pinned to an exact version and Envoy matches the tested one", async () => {
    const versions = await readToolchainVersions();
    for (const image of Object.values(pinnedImages)) {
      // PostgreSQL numbers releases major.minor: the minor is the patch release.
      const exact = image.startsWith("postgres:") ? /:\d+\.\d+-bookworm$/ : /:v?\d+\.\d+\.\d+(-slim)?$/;
      assert.match(image, exact, `${image} is pinned`);
    }
    assert.equal(pinnedImages.envoy, `envoyproxy/envoy:v${versions.get("ENVOY_SERVER_VERSION") ?? "?"}`);
    const services = await composeServices();
    // Each supporting image through a variable (a local stand-in or a mirror), defaulting to the pinned one.
    for (const [service, variable, image] of [
      ["envoy", "ENVOY_IMAGE", pinnedImages.envoy],
      ["otel-collector", "OTEL_COLLECTOR_IMAGE", pinnedImages.otelCollector],
      ["jaeger", "JAEGER_IMAGE", pinnedImages.jaeger],
    ] as const) {
      assert.equal(services[service]?.image, `\${${variable}:-${image}}`, service);
    }
  });

  it("when ports are published, then only on the host's loopback", async () => {
    const published = Object.values(await composeServices()).flatMap((service) => service.ports ?? []);
    assert.ok(published.length >= 3, "Envoy, its admin and Jaeger are published");
    for (const port of published) assert.match(port, /^127\.0\.0\.1:/);
  });

  it("when a service owns data, then its replicas reach PostgreSQL by name, wait for it, and no other service does", async () => {
    const services = await composeServices();
    const database = services[composePostgresService];
    assert.ok(database, "compose.yaml runs PostgreSQL");
    assert.equal(database.image, `\${${composeVariables.postgresImage}:-${pinnedImages.postgres}}`);
    assert.ok(
      database.volumes?.some((volume) => volume.endsWith(":/var/lib/postgresql/data")),
      "its data lives in a volume",
    );
    assert.deepEqual(database.ports, undefined, "no port published: only the compose network reaches it");
    assert.ok(database.healthcheck?.test.includes("pg_isready"));
    const owners = dataOwners(platformServices).map((service) => service.name);
    for (const replica of composeReplicasOf(deployedServices())) {
      const service = services[replica.name];
      const url = service?.environment?.[databaseUrlVariable];
      if (!owners.includes(replica.service.name)) {
        assert.equal(url, undefined, `${replica.name} owns no data`);
        continue;
      }
      assert.equal(url, `postgres://${composePostgresService}:5432/switchyard`, replica.name);
      assert.equal(service?.environment?.["PGUSER"], database.environment?.["POSTGRES_USER"]);
      assert.equal(service?.environment?.["PGPASSWORD"], database.environment?.["POSTGRES_PASSWORD"]);
      assert.deepEqual(service?.depends_on?.[composePostgresService], { condition: "service_healthy" });
    }
  });
});
