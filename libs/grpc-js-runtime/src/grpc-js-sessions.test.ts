import assert from "node:assert/strict";
import { connect } from "node:http2";
import { describe, it } from "node:test";
import * as grpc from "@grpc/grpc-js";
import { grpcJsHttp2State } from "./grpc-js-sessions.js";

describe("grpcJsHttp2State", () => {
  it("when a client is connected to a grpc-js server, then its listening server and its session are found", async () => {
    const server = new grpc.Server();
    const port = await new Promise<number>((resolve, reject) => {
      server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) => {
        if (error) reject(error);
        else resolve(bound);
      });
    });
    const client = connect(`http://127.0.0.1:${port}`);
    try {
      await new Promise<void>((resolve, reject) => {
        client.once("remoteSettings", () => {
          resolve();
        });
        client.once("error", reject);
      });
      const state = grpcJsHttp2State(server);
      assert.equal(state.http2Servers.length, 1);
      assert.equal(state.http2Servers[0]?.listening, true);
      assert.equal(state.sessions.length, 1);
    } finally {
      client.destroy();
      server.forceShutdown();
    }
  });
});
