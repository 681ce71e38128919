import assert from "node:assert/strict";
import { startConnectTestServer } from "@switchyard/testing";
import { execFile } from "node:child_process";
import { setTimeout as delay } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import { create, fromBinary } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import { createClient, type ServiceImpl } from "@connectrpc/connect";
import { createAsyncIterable } from "@connectrpc/connect/protocol";
import { createGrpcTransport } from "@connectrpc/connect-node";
import * as grpc from "@grpc/grpc-js";
import { addBufServiceToGrpcJsServer, type GrpcJsServiceImplementation } from "@switchyard/grpc-js-adapter";
import { protoRegistry } from "@switchyard/proto";
import {
  ServerReflection as ServerReflectionV1alpha,
  ServerReflectionRequestSchema as V1alphaRequestSchema,
  type ServerReflectionRequest as V1alphaRequest,
  type ServerReflectionResponse as V1alphaResponse,
} from "@switchyard/proto/grpc/reflection/v1alpha/reflection";
import { EchoService } from "@switchyard/proto/switchyard/testing/v1/echo_service";
import {
  addReflectionToGrpcJsServer,
  reflectionServiceNames,
  registerReflectionConnect,
  type ReflectionOptions,
} from "./index.js";

const options: ReflectionOptions = {
  registry: protoRegistry,
  serviceNames: [EchoService.typeName, ...reflectionServiceNames],
};

const echoConnect: ServiceImpl<typeof EchoService> = {
  echo: (request) => ({ message: request.message }),
  async *serverStream(request) {
    for (let index = 0; index < request.count; index++) {
      if (index > 0 && request.intervalMs > 0) await delay(request.intervalMs);
      yield { message: request.message, index };
    }
  },
  async clientStream(requests) {
    const messages: string[] = [];
    for await (const request of requests) messages.push(request.message);
    return { messages };
  },
  async *bidiStream(requests) {
    let index = 0;
    for await (const request of requests) yield { message: request.message, index: index++ };
  },
};

const echoGrpcJs: GrpcJsServiceImplementation<typeof EchoService> = {
  echo: (call, callback) => {
    callback(null, { message: call.request.message });
  },
  serverStream(call) {
    for (let index = 0; index < call.request.count; index++)
      call.write({ message: call.request.message, index });
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
    call.on("data", (request: { message: string }) => {
      call.write({ message: request.message, index: index++ });
    });
    call.on("end", () => {
      call.end();
    });
  },
};

interface RunningServer {
  readonly port: number;
  close(): Promise<void>;
}

async function startConnectServer(): Promise<RunningServer> {
  return startConnectTestServer({
    routes: (router) => {
      router.service(EchoService, echoConnect);
      registerReflectionConnect(router, options);
    },
  });
}

async function startGrpcJsServer(): Promise<RunningServer> {
  const server = new grpc.Server();
  addBufServiceToGrpcJsServer(server, EchoService, echoGrpcJs);
  addReflectionToGrpcJsServer(server, options);
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) => {
      if (error) reject(error);
      else resolve(bound);
    });
  });
  return {
    port,
    close: () => {
      server.forceShutdown();
      return Promise.resolve();
    },
  };
}

/**
 * Runs `grpcurl -plaintext [flags] 127.0.0.1:port [command]` (reflection, no
 * proto files) and resolves with its stdout; rejects on a non-zero exit.
 */
function grpcurl(port: number, command: readonly string[], flags: readonly string[] = []): Promise<string> {
  const args = ["-plaintext", "-max-time", "10", ...flags, `127.0.0.1:${port}`, ...command];
  return new Promise((resolve, reject) => {
    execFile("grpcurl", args, { timeout: 15_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`grpcurl ${args.join(" ")} failed: ${stderr}`, { cause: error }));
      else resolve(stdout);
    });
  });
}

/** grpcurl prints each response as a pretty JSON object; parse them all. */
function jsonMessages(output: string): unknown[] {
  return output
    .trim()
    .split(/\n(?=\{)/)
    .map((text) => JSON.parse(text) as unknown);
}

const stacks = [
  { name: "connect-node", start: startConnectServer },
  { name: "grpc-js", start: startGrpcJsServer },
] as const;

for (const stack of stacks) {
  describe(`server reflection on ${stack.name}`, () => {
    let server: RunningServer | undefined;
    const port = (): number => {
      assert.ok(server, "before() started the server");
      return server.port;
    };

    before(async () => {
      server = await stack.start();
    });

    after(async () => {
      await server?.close();
    });

    it("when grpcurl lists services, then it prints the configured service names", async () => {
      const output = await grpcurl(port(), ["list"]);
      assert.deepEqual(output.trim().split("\n").sort(), [...(options.serviceNames as string[])].sort());
    });

    it("when grpcurl describes a method and a message, then it prints their signatures", async () => {
      const method = await grpcurl(port(), ["describe", "switchyard.testing.v1.EchoService.ServerStream"]);
      assert.match(
        method,
        /rpc ServerStream \( \.switchyard\.testing\.v1\.ServerStreamRequest \) returns \( stream \.switchyard\.testing\.v1\.ServerStreamResponse \)/,
      );
      const message = await grpcurl(port(), ["describe", "switchyard.testing.v1.EchoRequest"]);
      assert.match(message, /uint32 delay_ms = 2;/);
    });

    it("when grpcurl calls a unary method from JSON, then the response comes back", async () => {
      const output = await grpcurl(
        port(),
        ["switchyard.testing.v1.EchoService/Echo"],
        ["-d", '{"message":"via reflection"}'],
      );
      assert.deepEqual(jsonMessages(output), [{ message: "via reflection" }]);
    });

    it("when grpcurl calls the streaming methods, then every kind answers", async () => {
      const serverStream = await grpcurl(
        port(),
        ["switchyard.testing.v1.EchoService/ServerStream"],
        ["-d", '{"message":"s","count":2}'],
      );
      assert.deepEqual(jsonMessages(serverStream), [{ message: "s" }, { message: "s", index: 1 }]);
      const clientStream = await grpcurl(
        port(),
        ["switchyard.testing.v1.EchoService/ClientStream"],
        ["-d", '{"message":"a"} {"message":"b"}'],
      );
      assert.deepEqual(jsonMessages(clientStream), [{ messages: ["a", "b"] }]);
      const bidi = await grpcurl(
        port(),
        ["switchyard.testing.v1.EchoService/BidiStream"],
        ["-d", '{"message":"x"} {"message":"y"}'],
      );
      assert.deepEqual(jsonMessages(bidi), [{ message: "x" }, { message: "y", index: 1 }]);
    });

    it("when grpcurl describes a type whose file imports others, then the imports resolve", async () => {
      // The catalog imports buf/validate (which imports descriptor.proto) and the money type.
      const output = await grpcurl(port(), ["describe", "switchyard.catalog.v1.Product"]);
      assert.match(output, /\.switchyard\.type\.v1\.Money/);
    });

    it("when grpcurl describes an unknown symbol, then it fails with a not-found message", async () => {
      await assert.rejects(grpcurl(port(), ["describe", "no.such.Service"]), /not found/i);
    });

    it("when a v1alpha client asks, then it gets v1alpha answers and errors on the same stream", async () => {
      const client = createClient(
        ServerReflectionV1alpha,
        createGrpcTransport({ baseUrl: `http://127.0.0.1:${port()}` }),
      );
      const requests: V1alphaRequest[] = [
        create(V1alphaRequestSchema, { messageRequest: { case: "listServices", value: "" } }),
        create(V1alphaRequestSchema, { messageRequest: { case: "fileContainingSymbol", value: "no.Such" } }),
        create(V1alphaRequestSchema, {
          messageRequest: { case: "fileContainingSymbol", value: "switchyard.testing.v1.EchoService.Echo" },
        }),
      ];
      const responses: V1alphaResponse[] = [];
      for await (const response of client.serverReflectionInfo(createAsyncIterable(requests), {
        timeoutMs: 5000,
      }))
        responses.push(response);
      assert.equal(responses.length, 3);
      const [list, missing, file] = responses;
      assert.equal(list?.$typeName, "grpc.reflection.v1alpha.ServerReflectionResponse");
      assert.equal(list.messageResponse.case, "listServicesResponse");
      assert.deepEqual(
        list.messageResponse.value.service.map((service) => service.name),
        options.serviceNames,
      );
      assert.equal(missing?.messageResponse.case, "errorResponse");
      assert.equal(missing.messageResponse.value.errorCode, grpc.status.NOT_FOUND);
      assert.equal(file?.messageResponse.case, "fileDescriptorResponse");
      assert.equal(
        fromBinary(
          FileDescriptorProtoSchema,
          file.messageResponse.value.fileDescriptorProto[0] ?? new Uint8Array(),
        ).name,
        "switchyard/testing/v1/echo_service.proto",
      );
    });
  });
}
