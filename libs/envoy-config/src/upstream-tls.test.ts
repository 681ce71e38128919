import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { EchoService } from "@switchyard/proto/switchyard/testing/v1/echo_service";
import { loadServiceConfig, type RunningService } from "@switchyard/service-runtime";
import { startConnectService } from "@switchyard/connect-runtime";
import { healthyHostCounts, startEnvoy, waitForHealthyHosts, type EnvoyProcess } from "@switchyard/launcher";
import { parse } from "yaml";
import { ensureDevMtlsMaterial, type DevMtlsMaterial } from "./dev-mtls.js";
import { renderFrontProxyConfig } from "./front-proxy-config.js";
import { edgeClusterName, frontProxyListenerName, type UpstreamTlsOptions } from "./front-proxy-options.js";

const cluster = "echo";

/** An echo replica serving mutual TLS with `identity`'s certificate from `pki`. */
function startReplica(pki: DevMtlsMaterial, identity: string, instanceId: string): Promise<RunningService> {
  const { certificateChainPath, privateKeyPath } = pki.identity(identity);
  return startConnectService({
    name: "echo",
    config: loadServiceConfig({
      PORT: "0",
      HOST: "127.0.0.1",
      INSTANCE_ID: instanceId,
      DRAIN_DELAY_MS: "0",
      LOG_LEVEL: "silent",
      TLS_CERT_FILE: certificateChainPath,
      TLS_KEY_FILE: privateKeyPath,
      TLS_CLIENT_CA_FILE: pki.caCertificatePath,
    }),
    auth: "off",
    services: [
      { service: EchoService, implementation: { echo: (request) => ({ message: request.message }) } },
    ],
  });
}

/** Envoy's counter `name` of the echo cluster. */
async function clusterCounter(envoy: EnvoyProcess, name: string): Promise<number> {
  const stats = await envoy.admin(`/stats?filter=^cluster\\.${cluster}\\.${name}$`);
  return Number(new RegExp(`${name}: (\\d+)`).exec(stats)?.[1] ?? 0);
}

describe("front proxy with mutual TLS to the replicas (upstreamTls)", () => {
  let dir: string | undefined;
  let upstreamTls: UpstreamTlsOptions | undefined;
  const replicas: RunningService[] = [];
  let envoy: EnvoyProcess | undefined;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "upstream-tls-"));
    const pki = await ensureDevMtlsMaterial(join(dir, "pki"), [cluster, "other", "envoy"]);
    upstreamTls = { caCertificatePath: pki.caCertificatePath, ...pki.identity("envoy") };
    // The second replica's certificate is from the same CA but names another service.
    replicas.push(await startReplica(pki, cluster, "echo-1"), await startReplica(pki, "other", "impostor"));
    envoy = await startEnvoy({
      configYaml: renderFrontProxyConfig({
        services: [
          {
            name: cluster,
            grpcServices: [EchoService.typeName],
            endpoints: replicas.map((replica) => ({ host: "127.0.0.1", port: replica.port })),
          },
        ],
        listenerPort: 0,
        adminPort: 0,
        accessLog: false,
        upstreamTls,
      }),
    });
    await waitForHealthyHosts(envoy, new Map([[cluster, 1]]), 20_000);
  });

  after(async () => {
    await envoy?.stop();
    await Promise.all(replicas.map((replica) => replica.forceClose()));
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it("when rendered, then each service cluster gets Envoy's certificate, the CA and the service's name; the edge cluster stays plaintext", () => {
    assert.ok(upstreamTls);
    const config = parse(
      renderFrontProxyConfig({
        services: [{ name: cluster, grpcServices: [EchoService.typeName], endpoints: [] }],
        listenerPort: 0,
        adminPort: 0,
        edge: { host: "127.0.0.1", port: 50050 },
        upstreamTls,
      }),
    ) as { static_resources: { clusters: { name: string; transport_socket?: unknown }[] } };
    const byName = new Map(config.static_resources.clusters.map((entry) => [entry.name, entry]));
    assert.deepEqual(byName.get(cluster)?.transport_socket, {
      name: "envoy.transport_sockets.tls",
      typed_config: {
        "@type": "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext",
        sni: cluster,
        common_tls_context: {
          alpn_protocols: ["h2"],
          tls_certificates: [
            {
              certificate_chain: { filename: upstreamTls.certificateChainPath },
              private_key: { filename: upstreamTls.privateKeyPath },
            },
          ],
          validation_context: {
            trusted_ca: { filename: upstreamTls.caCertificatePath },
            match_typed_subject_alt_names: [{ san_type: "DNS", matcher: { exact: cluster } }],
          },
        },
      },
    });
    assert.equal(byName.get(edgeClusterName)?.transport_socket, undefined);
  });

  it("when a replica's certificate names another service, then Envoy never finds it healthy and calls go to the right one", async () => {
    assert.ok(envoy);
    const running = envoy;
    // The impostor's health checks fail on the name: Envoy counts each refusal.
    const deadline = Date.now() + 20_000;
    while ((await clusterCounter(running, "ssl.fail_verify_san")) === 0) {
      assert.ok(Date.now() < deadline, "Envoy checked the impostor's certificate");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal((await healthyHostCounts(running)).get(cluster), 1);
    const client = createClient(
      EchoService,
      createGrpcTransport({ baseUrl: `http://127.0.0.1:${running.listenerPort(frontProxyListenerName)}` }),
    );
    for (let call = 0; call < 4; call++) {
      let servedBy: string | null = null;
      await client.echo(
        { message: "hi" },
        {
          timeoutMs: 5000,
          onHeader: (headers) => {
            servedBy = headers.get("x-served-by");
          },
        },
      );
      assert.equal(servedBy, "echo-1");
    }
  });
});
