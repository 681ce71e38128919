import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect as tlsConnect, type ConnectionOptions } from "node:tls";
import { after, before, describe, it } from "node:test";
import * as grpc from "@grpc/grpc-js";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import {
  ensureDevMtlsMaterial,
  frontProxyListenerName,
  renderFrontProxyConfig,
  type DevMtlsMaterial,
} from "@switchyard/envoy-config";
import { createGrpcJsClient } from "@switchyard/grpc-js-adapter";
import { startEnvoy, waitForHealthyHosts, type EnvoyProcess } from "@switchyard/launcher";
import { RuntimeProbeService } from "@switchyard/proto/switchyard/testing/v1/runtime_probe";
import { probeStacks, type StartedProbe } from "./probe/probe-stacks.js";

/** The probe's identity: its certificate's DNS subjectAltName, what its clients check. */
const probeIdentity = "probe";
const request = { name: "ada", quantity: 1 } as const;

/** PEM files read once: the CA, and a client certificate with its key. */
interface ClientPem {
  readonly ca: Buffer;
  readonly cert: Buffer | undefined;
  readonly key: Buffer | undefined;
}

async function clientPem(
  trusted: DevMtlsMaterial,
  presented: DevMtlsMaterial | undefined,
): Promise<ClientPem> {
  const identity = presented?.identity("client");
  return {
    ca: await readFile(trusted.caCertificatePath),
    cert: identity === undefined ? undefined : await readFile(identity.certificateChainPath),
    key: identity === undefined ? undefined : await readFile(identity.privateKeyPath),
  };
}

/**
 * Opens a TLS connection to the replica (ALPN h2), sends the HTTP/2 preface and reports how
 * it ended: "accepted" when the server answered, the TLS error's code when it sent an alert,
 * "closed" when it hung up without a byte. With TLS 1.3 the server judges the client's
 * certificate after the client's side of the handshake is done, so its verdict arrives on the
 * first read: OpenSSL's alert for a missing certificate; for one it cannot verify, Node.js
 * (both stacks serve TLS with it) closes the connection without an alert.
 */
async function tlsHandshake(port: number, pem: ClientPem): Promise<string> {
  const options: ConnectionOptions = {
    host: "127.0.0.1",
    port,
    servername: probeIdentity,
    ALPNProtocols: ["h2"],
    ca: pem.ca,
    ...(pem.cert === undefined || pem.key === undefined ? {} : { cert: pem.cert, key: pem.key }),
  };
  return new Promise((resolve) => {
    const socket = tlsConnect(options);
    socket.once("secureConnect", () => {
      // An HTTP/2 client speaks first: the connection preface makes the server answer.
      socket.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
      socket.write(Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0]));
    });
    socket.on("data", () => {
      socket.destroy();
      resolve("accepted");
    });
    socket.once("error", (error: NodeJS.ErrnoException) => {
      socket.destroy();
      resolve(error.code ?? error.message);
    });
    socket.once("close", () => {
      resolve("closed");
    });
  });
}

/** One call of Probe over mutual TLS by a connect client: "OK", or the code and message it failed with. */
async function connectCall(service: StartedProbe["service"], pem: ClientPem): Promise<string> {
  const client = createClient(
    RuntimeProbeService,
    createGrpcTransport({
      baseUrl: service.url,
      nodeOptions: {
        ca: pem.ca,
        servername: probeIdentity,
        ...(pem.cert === undefined || pem.key === undefined ? {} : { cert: pem.cert, key: pem.key }),
      },
    }),
  );
  try {
    await client.probe(request, { timeoutMs: 5000 });
    return "OK";
  } catch (error) {
    const connectError = ConnectError.from(error);
    return `${Code[connectError.code]} ${connectError.rawMessage}`;
  }
}

/** One call of Probe over mutual TLS by a grpc-js client: "OK", or the code and message it failed with. */
async function grpcJsCall(service: StartedProbe["service"], pem: ClientPem): Promise<string> {
  const client = createGrpcJsClient(
    RuntimeProbeService,
    `127.0.0.1:${service.port}`,
    grpc.credentials.createSsl(pem.ca, pem.key ?? null, pem.cert ?? null),
    { "grpc.ssl_target_name_override": probeIdentity },
  );
  try {
    await client.probe(request, { deadline: Date.now() + 5000 });
    return "OK";
  } catch (error) {
    return `${Code[(error as grpc.ServiceError).code]} ${(error as grpc.ServiceError).details}`;
  } finally {
    client.close();
  }
}

describe("mutual TLS between clients, Envoy and the replicas, on both stacks", () => {
  let dir: string | undefined;
  let platformPki: DevMtlsMaterial | undefined;
  let foreignPki: DevMtlsMaterial | undefined;
  const pki = () => {
    assert.ok(platformPki && foreignPki, "dev CAs generated");
    return { platform: platformPki, foreign: foreignPki };
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "mutual-tls-"));
    [platformPki, foreignPki] = await Promise.all([
      ensureDevMtlsMaterial(join(dir, "platform"), [probeIdentity, "client", "envoy"]),
      ensureDevMtlsMaterial(join(dir, "foreign"), ["client"], { caName: "Another dev CA" }),
    ]);
  });

  after(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  for (const stack of probeStacks) {
    describe(`replicas on ${stack.name}`, () => {
      const replicas: StartedProbe[] = [];
      let envoy: EnvoyProcess | undefined;

      before(async () => {
        const { platform } = pki();
        const { certificateChainPath, privateKeyPath } = platform.identity(probeIdentity);
        const env = {
          TLS_CERT_FILE: certificateChainPath,
          TLS_KEY_FILE: privateKeyPath,
          TLS_CLIENT_CA_FILE: platform.caCertificatePath,
        };
        replicas.push(
          await stack.start({ ...env, INSTANCE_ID: "replica-a" }),
          await stack.start({ ...env, INSTANCE_ID: "replica-b" }),
        );
        envoy = await startEnvoy({
          configYaml: renderFrontProxyConfig({
            services: [
              {
                name: probeIdentity,
                grpcServices: [RuntimeProbeService.typeName],
                endpoints: replicas.map(({ service }) => ({ host: "127.0.0.1", port: service.port })),
              },
            ],
            listenerPort: 0,
            adminPort: 0,
            accessLog: false,
            upstreamTls: { caCertificatePath: platform.caCertificatePath, ...platform.identity("envoy") },
          }),
        });
        // Envoy's gRPC health checks reach the replicas over the same mutual TLS.
        await waitForHealthyHosts(envoy, new Map([[probeIdentity, 2]]), 20_000);
      });

      after(async () => {
        await envoy?.stop();
        await Promise.all(replicas.map(({ service }) => service.forceClose()));
      });

      const replica = (): StartedProbe => {
        const [first] = replicas;
        assert.ok(first, "replicas started");
        return first;
      };

      it("when a client presents a certificate from the platform's CA, then its calls are served", async () => {
        const { platform } = pki();
        const pem = await clientPem(platform, platform);
        assert.match(replica().service.url, /^https:/);
        assert.equal(await tlsHandshake(replica().service.port, pem), "accepted");
        assert.equal(await connectCall(replica().service, pem), "OK");
        assert.equal(await grpcJsCall(replica().service, pem), "OK");
      });

      it("when a client presents no certificate, then the TLS handshake fails and no handler runs", async () => {
        const { platform } = pki();
        const pem = await clientPem(platform, undefined);
        const started = replica().calls.started;
        assert.equal(
          await tlsHandshake(replica().service.port, pem),
          "ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED",
        );
        // connect-node reports the TLS alert as INTERNAL, grpc-js as a connection that failed.
        assert.match(await connectCall(replica().service, pem), /^Internal .*alert certificate required/);
        assert.match(await grpcJsCall(replica().service, pem), /^Unavailable /);
        assert.equal(replica().calls.started, started, "no call reached the handler");
      });

      it("when a client presents a certificate from another CA, then the replica hangs up before answering and no handler runs", async () => {
        const { platform, foreign } = pki();
        const pem = await clientPem(platform, foreign);
        const started = replica().calls.started;
        assert.equal(await tlsHandshake(replica().service.port, pem), "closed");
        assert.notEqual(await connectCall(replica().service, pem), "OK");
        assert.match(await grpcJsCall(replica().service, pem), /^Unavailable /);
        assert.equal(replica().calls.started, started, "no call reached the handler");
      });

      it("when a client calls through Envoy, then Envoy presents its certificate and every replica serves", async () => {
        assert.ok(envoy);
        const client = createClient(
          RuntimeProbeService,
          createGrpcTransport({ baseUrl: `http://127.0.0.1:${envoy.listenerPort(frontProxyListenerName)}` }),
        );
        const servedBy = new Set<string>();
        for (let call = 0; call < 6; call++) {
          await client.probe(request, {
            timeoutMs: 5000,
            onHeader: (headers) => servedBy.add(headers.get("x-served-by") ?? ""),
          });
        }
        assert.deepEqual([...servedBy].sort(), ["replica-a", "replica-b"]);
        const ssl = await envoy.admin(`/stats?filter=^cluster\\.${probeIdentity}\\.ssl\\.handshake$`);
        assert.ok(Number(/handshake: (\d+)/.exec(ssl)?.[1] ?? 0) >= 2, `TLS handshakes: ${ssl}`);
      });
    });
  }
});
