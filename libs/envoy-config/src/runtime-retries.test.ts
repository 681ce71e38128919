import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { status, type ServiceError } from "@grpc/grpc-js";
import type { GrpcJsServiceImplementation } from "@switchyard/grpc-js-adapter";
import { EchoService } from "@switchyard/proto/switchyard/testing/v1/echo_service";
import { loadServiceConfig, type RunningService } from "@switchyard/service-runtime";
import { startConnectService } from "@switchyard/connect-runtime";
import { startGrpcJsService } from "@switchyard/grpc-js-runtime";
import { startEnvoy, type EnvoyProcess } from "@switchyard/launcher";
import { renderFrontProxyConfig } from "./front-proxy-config.js";
import { frontProxyListenerName } from "./front-proxy-options.js";

/** Starts a replica of EchoService on the service runtime; a broken one answers UNAVAILABLE. */
type StartReplica = (instanceId: string, broken: boolean) => Promise<RunningService>;

function config(instanceId: string) {
  return loadServiceConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    INSTANCE_ID: instanceId,
    DRAIN_DELAY_MS: "0",
    DRAIN_GRACE_MS: "1000",
    LOG_LEVEL: "silent",
  });
}

const unimplemented = (): Partial<ServiceError> => ({
  code: status.UNIMPLEMENTED,
  details: "not in this test",
});

const stacks: { name: string; start: StartReplica }[] = [
  {
    name: "connect-node",
    start: (instanceId, broken) =>
      startConnectService({
        name: "echo",
        config: config(instanceId),
        services: [
          {
            service: EchoService,
            implementation: {
              echo(request) {
                if (broken) throw new ConnectError(`${instanceId} is unavailable`, Code.Unavailable);
                return { message: request.message };
              },
            },
          },
        ],
      }),
  },
  {
    name: "grpc-js",
    start: (instanceId, broken) => {
      const implementation: GrpcJsServiceImplementation<typeof EchoService> = {
        echo(call, callback) {
          if (broken) callback({ code: status.UNAVAILABLE, details: `${instanceId} is unavailable` });
          else callback(null, { message: call.request.message });
        },
        serverStream: (call) => call.emit("error", unimplemented()),
        clientStream: (_call, callback) => {
          callback(unimplemented());
        },
        bidiStream: (call) => call.emit("error", unimplemented()),
      };
      return startGrpcJsService({
        name: "echo",
        config: config(instanceId),
        services: [{ service: EchoService, implementation }],
      });
    },
  },
];

for (const stack of stacks) {
  describe(`Envoy retries in front of the service runtime on ${stack.name}`, () => {
    const replicas: RunningService[] = [];
    let envoy: EnvoyProcess | undefined;
    after(async () => {
      await envoy?.stop();
      await Promise.all(replicas.map((replica) => replica.shutdown("test over")));
    });

    it("when a replica fails a call with UNAVAILABLE, then Envoy retries it on another replica", async () => {
      replicas.push(await stack.start("healthy", false), await stack.start("broken", true));
      envoy = await startEnvoy({
        configYaml: renderFrontProxyConfig({
          services: [
            {
              name: "echo",
              grpcServices: [EchoService.typeName],
              endpoints: replicas.map((replica) => ({ host: "127.0.0.1", port: replica.port })),
            },
          ],
          listenerPort: 0,
          adminPort: 0,
          accessLog: false,
        }),
      });
      const client = createClient(
        EchoService,
        createGrpcTransport({ baseUrl: `http://127.0.0.1:${envoy.listenerPort(frontProxyListenerName)}` }),
      );
      for (let call = 0; call < 10; call++) {
        const headers: Headers[] = [];
        const response = await client.echo({ message: `call ${call}` }, { onHeader: (h) => headers.push(h) });
        assert.equal(response.message, `call ${call}`);
        assert.equal(headers[0]?.get("x-served-by"), "healthy");
      }
      const stats = await envoy.admin("/stats?filter=^cluster\\.echo\\.upstream_rq_retry$");
      const retries = Number(/upstream_rq_retry: (\d+)/.exec(stats)?.[1] ?? 0);
      assert.ok(retries >= 1, `Envoy retried (stats: ${stats})`);
    });
  });
}
