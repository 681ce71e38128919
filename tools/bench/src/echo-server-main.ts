// The benchmark's echo server, run as a child process by ./echo-server-process.ts: the same
// EchoService handlers on connect-node or grpc-js, either on the service runtime (as every
// Switchyard service runs, through runServiceMain) or bare (the stack alone: no health,
// reflection, interceptors, logging, limits or drain), so the two differ only by the runtime.
//   BENCH_STACK=connect-node|grpc-js  BENCH_SERVER=runtime|bare  PORT  HOST
// Both log the runtime's `{"msg":"serving","url":…}` line once they listen.
// Only type imports at the top: each variant loads its own stack alone (start-up and
// memory are measured), so a bare server never loads the runtime.
import type { AddressInfo } from "node:net";
import type { ServiceImpl } from "@connectrpc/connect";
import type { GrpcJsServiceImplementation } from "@switchyard/grpc-js-adapter";
import type { EchoService } from "@switchyard/proto/switchyard/testing/v1/echo_service";

const stack = process.env["BENCH_STACK"] ?? "connect-node";
const server = process.env["BENCH_SERVER"] ?? "runtime";
const port = Number(process.env["PORT"] ?? "0");
const host = process.env["HOST"] ?? "127.0.0.1";

const waitMs = (ms: number): Promise<void> =>
  ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();

// connect-node handlers: the same work as the grpc-js ones below.
const connectEcho: Partial<ServiceImpl<typeof EchoService>> = {
  async echo(request) {
    await waitMs(request.delayMs);
    return { message: request.message };
  },
  // The bench sends interval_ms 0; the await then costs a microtask per message, on bare and runtime alike.
  async *serverStream(request) {
    for (let index = 0; index < request.count; index += 1) {
      if (index > 0) await waitMs(request.intervalMs);
      yield { message: request.message, index };
    }
  },
};

const grpcJsEcho: GrpcJsServiceImplementation<typeof EchoService> = {
  echo(call, callback) {
    void waitMs(call.request.delayMs).then(() => {
      callback(null, { message: call.request.message });
    });
  },
  // interval_ms is not honoured here: the bench always sends 0.
  serverStream(call) {
    for (let index = 0; index < call.request.count; index += 1) {
      call.write({ message: call.request.message, index });
    }
    call.end();
  },
  clientStream(call, callback) {
    const messages: string[] = [];
    call.on("data", (request: { message: string }) => messages.push(request.message));
    call.on("end", () => {
      callback(null, { messages });
    });
  },
  bidiStream(call) {
    let index = 0;
    call.on("data", (request: { message: string }) =>
      call.write({ message: request.message, index: index++ }),
    );
    call.on("end", () => call.end());
  },
};

function logServing(boundPort: number): void {
  process.stdout.write(
    `${JSON.stringify({ level: "info", msg: "serving", url: `http://${host}:${boundPort}` })}\n`,
  );
}

async function startBareConnect(): Promise<void> {
  const [{ createServer }, { connectNodeAdapter }, { EchoService }] = await Promise.all([
    import("node:http2"),
    import("@connectrpc/connect-node"),
    import("@switchyard/proto/switchyard/testing/v1/echo_service"),
  ]);
  const http2 = createServer(
    connectNodeAdapter({
      routes(router) {
        router.service(EchoService, connectEcho);
      },
    }),
  );
  await new Promise<void>((resolve) => http2.listen(port, host, resolve));
  logServing((http2.address() as AddressInfo).port);
  process.once("SIGTERM", () => {
    http2.close();
    process.exit(0);
  });
}

async function startBareGrpcJs(): Promise<void> {
  const [grpc, { addBufServiceToGrpcJsServer }, { EchoService }] = await Promise.all([
    import("@grpc/grpc-js"),
    import("@switchyard/grpc-js-adapter"),
    import("@switchyard/proto/switchyard/testing/v1/echo_service"),
  ]);
  const grpcServer = new grpc.Server();
  addBufServiceToGrpcJsServer(grpcServer, EchoService, grpcJsEcho);
  const boundPort = await new Promise<number>((resolve, reject) => {
    grpcServer.bindAsync(`${host}:${port}`, grpc.ServerCredentials.createInsecure(), (error, bound) => {
      if (error) reject(error);
      else resolve(bound);
    });
  });
  logServing(boundPort);
  process.once("SIGTERM", () => {
    grpcServer.forceShutdown();
    process.exit(0);
  });
}

async function startOnRuntime(): Promise<void> {
  const [{ runServiceMain }, { EchoService }] = await Promise.all([
    import("@switchyard/service-runtime"),
    import("@switchyard/proto/switchyard/testing/v1/echo_service"),
  ]);
  const start =
    stack === "grpc-js"
      ? async () =>
          (await import("@switchyard/grpc-js-runtime")).startGrpcJsService({
            name: "bench-echo",
            services: [{ service: EchoService, implementation: grpcJsEcho }],
          })
      : async () =>
          (await import("@switchyard/connect-runtime")).startConnectService({
            name: "bench-echo",
            services: [{ service: EchoService, implementation: connectEcho }],
          });
  await runServiceMain(start, { telemetryServiceName: "bench-echo" });
}

if (server === "bare") await (stack === "grpc-js" ? startBareGrpcJs() : startBareConnect());
else await startOnRuntime();
