import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import * as grpc from "@grpc/grpc-js";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { createGrpcJsClient } from "@switchyard/grpc-js-adapter";
import { EchoService } from "@switchyard/proto/switchyard/testing/v1/echo_service";
import { decodeGrpcMessage, encodeGrpcMessage } from "./grpc-message-encoding.js";
import { type RunningService, loadServiceConfig } from "@switchyard/service-runtime";
import { startConnectService } from "./start-connect-service.js";
import { testServiceEnvironment } from "@switchyard/testing";

const awkward = "catalog unavailable: 127.0.0.1:1, refused; 100% sure – ünïcode";

describe("grpc-message encoding", () => {
  it("when a message has printable ASCII, then only % is escaped", () => {
    assert.equal(encodeGrpcMessage("a: b, c; 5%"), "a: b, c; 5%25");
  });

  it("when a message has non-ASCII text, then its UTF-8 bytes are escaped and decode back", () => {
    assert.equal(encodeGrpcMessage("é"), "%C3%A9");
    assert.equal(decodeGrpcMessage(encodeGrpcMessage(awkward)), awkward);
  });

  describe("from a connect-node service", () => {
    let service: RunningService | undefined;
    before(async () => {
      service = await startConnectService({
        name: "encoding-probe",
        config: loadServiceConfig({ ...testServiceEnvironment, LOG_LEVEL: "silent" }),
        services: [
          {
            service: EchoService,
            implementation: {
              echo() {
                throw new ConnectError(awkward, Code.Unavailable);
              },
              async *serverStream() {
                yield await Promise.resolve({ message: "first" });
                throw new ConnectError(awkward, Code.FailedPrecondition);
              },
            },
          },
        ],
      });
    });
    after(async () => {
      await service?.forceClose();
    });

    it("when a grpc-js client reads the error, then it gets the message exactly", async () => {
      const running = service;
      assert.ok(running);
      const client = createGrpcJsClient(
        EchoService,
        `127.0.0.1:${running.port}`,
        grpc.credentials.createInsecure(),
      );
      try {
        await assert.rejects(client.echo({ message: "x" }), (error: grpc.ServiceError) => {
          assert.equal(error.code, grpc.status.UNAVAILABLE);
          assert.equal(error.details, awkward);
          return true;
        });
        const stream = client.serverStream({ message: "x" });
        await assert.rejects(
          (async () => {
            for await (const message of stream as AsyncIterable<unknown>) assert.ok(message);
          })(),
          (error: grpc.ServiceError) => {
            assert.equal(error.code, grpc.status.FAILED_PRECONDITION);
            assert.equal(error.details, awkward, "the trailer after a message is re-encoded too");
            return true;
          },
        );
      } finally {
        client.close();
      }
    });

    it("when a connect client reads the error, then it gets the message exactly", async () => {
      const running = service;
      assert.ok(running);
      const client = createClient(EchoService, createGrpcTransport({ baseUrl: running.url }));
      await assert.rejects(client.echo({ message: "x" }), (error: unknown) => {
        assert.equal(ConnectError.from(error).rawMessage, awkward);
        return true;
      });
    });
  });
});
