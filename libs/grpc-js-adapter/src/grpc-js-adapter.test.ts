import assert from "node:assert/strict";
import { once } from "node:events";
import { createServer, type Http2Server } from "node:http2";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { create } from "@bufbuild/protobuf";
import * as grpc from "@grpc/grpc-js";
import { grpcFrame, sendRawGrpcCall, withHttp2Session } from "@switchyard/grpc-wire";
import {
  BidiStreamResponseSchema,
  ClientStreamResponseSchema,
  EchoRequestSchema,
  EchoService,
} from "@switchyard/proto/switchyard/testing/v1/echo_service";
import {
  addBufServiceToGrpcJsServer,
  createGrpcJsClient,
  createGrpcJsServiceDefinition,
  grpcJsRequestErrorInterceptor,
  type GrpcJsClient,
  type GrpcJsServiceImplementation,
} from "./index.js";

/** EchoService on grpc-js; a request message "fail" answers NOT_FOUND, to check error mapping. */
const echoImplementation: GrpcJsServiceImplementation<typeof EchoService> = {
  echo(call, callback) {
    if (call.request.message === "fail") {
      callback({ code: grpc.status.NOT_FOUND, details: "nothing called fail" });
      return;
    }
    const requestId = call.metadata.get("x-request-id")[0];
    const header = new grpc.Metadata();
    header.set("x-echo-request-id", typeof requestId === "string" ? requestId : "none");
    call.sendMetadata(header);
    callback(null, { message: call.request.message });
  },
  serverStream(call) {
    for (let index = 0; index < call.request.count; index++) {
      call.write({ message: call.request.message, index });
    }
    call.end();
  },
  clientStream(call, callback) {
    const messages: string[] = [];
    call.on("data", (request: { message: string }) => messages.push(request.message));
    call.on("end", () => {
      callback(null, create(ClientStreamResponseSchema, { messages }));
    });
  },
  bidiStream(call) {
    let index = 0;
    call.on("data", (request: { message: string }) => {
      call.write(create(BidiStreamResponseSchema, { message: request.message, index: index++ }));
    });
    call.on("end", () => call.end());
  },
};

async function startGrpcJsServer(): Promise<{ server: grpc.Server; port: number }> {
  const server = new grpc.Server({ interceptors: [grpcJsRequestErrorInterceptor] });
  addBufServiceToGrpcJsServer(server, EchoService, echoImplementation);
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, boundPort) => {
      if (error) reject(error);
      else resolve(boundPort);
    });
  });
  return { server, port };
}

function isServiceError(code: grpc.status): (error: unknown) => boolean {
  return (error: unknown) => {
    assert.ok(error instanceof Error, "a grpc-js ServiceError");
    assert.equal((error as grpc.ServiceError).code, code, error.message);
    return true;
  };
}

/** Sends raw bytes as a gRPC request over node:http2 and returns the grpc-status it ends with. */
async function rawGrpcCall(
  port: number,
  path: string,
  body: Buffer,
): Promise<{ status: string; message: string }> {
  const outcome = await withHttp2Session({ url: `http://127.0.0.1:${port}` }, (session) =>
    sendRawGrpcCall(session, path, { body }),
  );
  return { status: String(outcome.grpcStatus), message: outcome.grpcMessage };
}

describe("grpc-js service definition from a buf descriptor", () => {
  it("when EchoService is converted, then each method has its gRPC path and streaming flags", () => {
    const definition = createGrpcJsServiceDefinition(EchoService);
    assert.deepEqual(
      Object.entries(definition).map(([key, method]) => ({
        key,
        path: method.path,
        requestStream: method.requestStream,
        responseStream: method.responseStream,
      })),
      [
        {
          key: "echo",
          path: "/switchyard.testing.v1.EchoService/Echo",
          requestStream: false,
          responseStream: false,
        },
        {
          key: "serverStream",
          path: "/switchyard.testing.v1.EchoService/ServerStream",
          requestStream: false,
          responseStream: true,
        },
        {
          key: "clientStream",
          path: "/switchyard.testing.v1.EchoService/ClientStream",
          requestStream: true,
          responseStream: false,
        },
        {
          key: "bidiStream",
          path: "/switchyard.testing.v1.EchoService/BidiStream",
          requestStream: true,
          responseStream: true,
        },
      ],
    );
  });

  it("when a request is serialized and deserialized, then the message survives the round trip", () => {
    const echo = createGrpcJsServiceDefinition(EchoService)["echo"];
    assert.ok(echo);
    const bytes = echo.requestSerialize({ message: "héllo", delayMs: 7 });
    assert.deepEqual(
      echo.requestDeserialize(bytes),
      create(EchoRequestSchema, { message: "héllo", delayMs: 7 }),
    );
  });
});

describe("grpc-js server and client from buf descriptors", () => {
  let running: { server: grpc.Server; port: number } | undefined;
  let client: GrpcJsClient<typeof EchoService> | undefined;
  const echoClient = (): GrpcJsClient<typeof EchoService> => {
    assert.ok(client, "before() created the client");
    return client;
  };
  const port = (): number => {
    assert.ok(running, "before() started the server");
    return running.port;
  };

  before(async () => {
    running = await startGrpcJsServer();
    client = createGrpcJsClient(EchoService, `127.0.0.1:${running.port}`, grpc.credentials.createInsecure());
  });

  after(() => {
    client?.close();
    running?.server.forceShutdown();
  });

  it("when a unary call is made, then the response message comes back", async () => {
    const response = await echoClient().echo({ message: "hello" });
    assert.equal(response.$typeName, "switchyard.testing.v1.EchoResponse");
    assert.equal(response.message, "hello");
  });

  it("when a unary call carries metadata, then the server sees it and headers reach onHeader", async () => {
    const metadata = new grpc.Metadata();
    metadata.set("x-request-id", "r-42");
    let echoed: unknown;
    let statusCode: grpc.status | undefined;
    await echoClient().echo(
      { message: "with metadata" },
      {
        metadata,
        onHeader: (header) => (echoed = header.get("x-echo-request-id")[0]),
        onStatus: (status) => (statusCode = status.code),
      },
    );
    assert.equal(echoed, "r-42");
    assert.equal(statusCode, grpc.status.OK);
  });

  it("when a handler fails with a status, then the client's promise rejects with that code", async () => {
    await assert.rejects(echoClient().echo({ message: "fail" }), isServiceError(grpc.status.NOT_FOUND));
  });

  it("when the signal is already aborted, then the call is CANCELLED", async () => {
    await assert.rejects(
      echoClient().echo({ message: "never" }, { signal: AbortSignal.abort() }),
      isServiceError(grpc.status.CANCELLED),
    );
  });

  it("when the deadline has passed, then the call fails with DEADLINE_EXCEEDED", async () => {
    await assert.rejects(
      echoClient().echo({ message: "late" }, { deadline: Date.now() - 1 }),
      isServiceError(grpc.status.DEADLINE_EXCEEDED),
    );
  });

  it("when a server-streaming call asks for 3 messages, then 3 indexed responses arrive", async () => {
    const received: { message: string; index: number }[] = [];
    for await (const { message, index } of echoClient().serverStream({ message: "tick", count: 3 })) {
      received.push({ message, index });
    }
    assert.deepEqual(received, [
      { message: "tick", index: 0 },
      { message: "tick", index: 1 },
      { message: "tick", index: 2 },
    ]);
  });

  it("when a client-streaming call sends 3 messages, then one response lists them in order", async () => {
    const { call, response } = echoClient().clientStream();
    for (const message of ["a", "b", "c"]) call.write({ message });
    call.end();
    assert.deepEqual((await response).messages, ["a", "b", "c"]);
  });

  it("when a bidi call sends messages, then each is answered in turn", async () => {
    const call = echoClient().bidiStream();
    const answers: string[] = [];
    call.write({ message: "one" });
    call.write({ message: "two" });
    call.end();
    for await (const { message, index } of call) answers.push(`${index}:${message}`);
    assert.deepEqual(answers, ["0:one", "1:two"]);
  });

  it("when a request carries garbage protobuf bytes, then the status is INTERNAL and the server lives on", async () => {
    // 0x0f: field 1 with the invalid wire type 7; 0xff...: a varint that never ends.
    for (const garbage of [Buffer.from([0x0f, 0x01]), Buffer.alloc(12, 0xff)]) {
      const result = await rawGrpcCall(port(), "/switchyard.testing.v1.EchoService/Echo", grpcFrame(garbage));
      assert.equal(result.status, String(grpc.status.INTERNAL), `garbage ${garbage.toString("hex")}`);
    }
    const result = await rawGrpcCall(
      port(),
      "/switchyard.testing.v1.EchoService/BidiStream",
      grpcFrame(Buffer.from([0x0a, 0x05, 0x61])),
    );
    assert.equal(result.status, String(grpc.status.INTERNAL), "string field shorter than its length prefix");
    assert.equal((await echoClient().echo({ message: "still alive" })).message, "still alive");
  });

  it("when a unary request frame is truncated, then the status is INTERNAL and the server lives on", async () => {
    const truncated = grpcFrame(Buffer.from([0x0a, 0x01]), { declaredLength: 10 });
    for (const method of ["Echo", "ServerStream"]) {
      const result = await rawGrpcCall(port(), `/switchyard.testing.v1.EchoService/${method}`, truncated);
      assert.equal(result.status, String(grpc.status.INTERNAL), `${method}: ${result.message}`);
    }
    assert.equal((await echoClient().echo({ message: "still alive" })).message, "still alive");
  });

  it("when a unary call carries two request messages, then the status is INTERNAL", async () => {
    const two = Buffer.concat([grpcFrame(Buffer.from([0x0a, 0x01, 0x61])), grpcFrame(Buffer.from([]))]);
    const result = await rawGrpcCall(port(), "/switchyard.testing.v1.EchoService/Echo", two);
    assert.equal(result.status, String(grpc.status.INTERNAL), result.message);
  });

  it("when a method does not exist, then the status stays UNIMPLEMENTED", async () => {
    const result = await rawGrpcCall(
      port(),
      "/switchyard.testing.v1.EchoService/Missing",
      grpcFrame(Buffer.from([])),
    );
    assert.equal(result.status, String(grpc.status.UNIMPLEMENTED), result.message);
  });
});

describe("grpc-js client reading a malformed response", () => {
  let server: Http2Server | undefined;

  before(async () => {
    // A peer that answers every call with garbage message bytes and grpc-status 0.
    server = createServer((_request, response) => {
      response.writeHead(200, { "content-type": "application/grpc" });
      response.addTrailers({ "grpc-status": "0" });
      response.end(grpcFrame(Buffer.from([0x0f, 0x01])));
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
  });

  after(async () => {
    const closed = once(server ?? createServer(), "close");
    server?.close();
    if (server) await closed;
  });

  it("when the response bytes are not the declared message, then the call fails with INTERNAL", async () => {
    assert.ok(server);
    const { port } = server.address() as AddressInfo;
    const client = createGrpcJsClient(EchoService, `127.0.0.1:${port}`, grpc.credentials.createInsecure());
    try {
      await assert.rejects(client.echo({ message: "hi" }), isServiceError(grpc.status.INTERNAL));
    } finally {
      client.close();
    }
  });
});
