import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);

// tools/bench/src/echo-server-main.ts
var stack = process.env["BENCH_STACK"] ?? "connect-node";
var server = process.env["BENCH_SERVER"] ?? "runtime";
var port = Number(process.env["PORT"] ?? "0");
var host = process.env["HOST"] ?? "127.0.0.1";
var waitMs = (ms) => ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
var connectEcho = {
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
  }
};
var grpcJsEcho = {
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
    const messages = [];
    call.on("data", (request) => messages.push(request.message));
    call.on("end", () => {
      callback(null, { messages });
    });
  },
  bidiStream(call) {
    let index = 0;
    call.on(
      "data",
      (request) => call.write({ message: request.message, index: index++ })
    );
    call.on("end", () => call.end());
  }
};
function logServing(boundPort) {
  process.stdout.write(
    `${JSON.stringify({ level: "info", msg: "serving", url: `http://${host}:${boundPort}` })}
`
  );
}
async function startBareConnect() {
  const [{ createServer }, { connectNodeAdapter }, { EchoService }] = await Promise.all([
    import("node:http2"),
    import("./esm-2PBVYLYV.js"),
    import("./echo_service_pb-5GABLQV5.js")
  ]);
  const http2 = createServer(
    connectNodeAdapter({
      routes(router) {
        router.service(EchoService, connectEcho);
      }
    })
  );
  await new Promise((resolve) => http2.listen(port, host, resolve));
  logServing(http2.address().port);
  process.once("SIGTERM", () => {
    http2.close();
    process.exit(0);
  });
}
async function startBareGrpcJs() {
  const [grpc, { addBufServiceToGrpcJsServer }, { EchoService }] = await Promise.all([
    import("./src-6OUQV75M.js"),
    import("./src-2UDEADGT.js"),
    import("./echo_service_pb-5GABLQV5.js")
  ]);
  const grpcServer = new grpc.Server();
  addBufServiceToGrpcJsServer(grpcServer, EchoService, grpcJsEcho);
  const boundPort = await new Promise((resolve, reject) => {
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
async function startOnRuntime() {
  const [{ runServiceMain }, { EchoService }] = await Promise.all([
    import("./src-7E72OTGD.js"),
    import("./echo_service_pb-5GABLQV5.js")
  ]);
  const start = stack === "grpc-js" ? async () => (await import("./src-AZT5AYWD.js")).startGrpcJsService({
    name: "bench-echo",
    services: [{ service: EchoService, implementation: grpcJsEcho }]
  }) : async () => (await import("./src-FGYFYLBE.js")).startConnectService({
    name: "bench-echo",
    services: [{ service: EchoService, implementation: connectEcho }]
  });
  await runServiceMain(start, { telemetryServiceName: "bench-echo" });
}
if (server === "bare") await (stack === "grpc-js" ? startBareGrpcJs() : startBareConnect());
else await startOnRuntime();
