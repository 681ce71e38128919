import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { once } from "node:events";
import { connect, createServer, type AddressInfo, type Server } from "node:net";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  replayPreStopHook,
  runCfnLint,
  runCheckov,
  startNlbReplay,
  validateKubernetesManifests,
} from "./index.js";

let dir = "";
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "switchyard-validators-"));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("validators", () => {
  it("when a template has an unknown property, then cfn-lint rejects it", async () => {
    const file = join(dir, "bad.json");
    await writeFile(
      file,
      JSON.stringify({
        Resources: { Topic: { Type: "AWS::SNS::Topic", Properties: { NoSuchProperty: 1 } } },
      }),
    );
    await assert.rejects(runCfnLint([file]), /NoSuchProperty/);
  });

  it("when a manifest has an unknown field, then strict schema validation rejects it", async () => {
    const file = join(dir, "bad.yaml");
    await writeFile(file, "apiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec:\n  portz: []\n");
    await assert.rejects(validateKubernetesManifests([file]), /portz/);
  });

  it("when a security group is open to the world on SSH, then checkov reports it", async () => {
    const file = join(dir, "open.json");
    await writeFile(
      file,
      JSON.stringify({
        Resources: {
          Group: {
            Type: "AWS::EC2::SecurityGroup",
            Properties: {
              GroupDescription: "open",
              SecurityGroupIngress: [{ IpProtocol: "tcp", FromPort: 22, ToPort: 22, CidrIp: "0.0.0.0/0" }],
            },
          },
        },
      }),
    );
    const report = await runCheckov({ framework: "cloudformation", files: [file] });
    assert.ok(
      report.failed.some((finding) => finding.checkId === "CKV_AWS_24"),
      JSON.stringify(report.failed),
    );
  });

  it("when a preStop exec hook runs, then it sees the container's environment and rewritten addresses", async () => {
    const hook = {
      exec: { command: ["/bin/sh", "-c", 'test "$MODE" = drain && test 127.0.0.1:9901 = 127.0.0.1:1234'] },
    };
    assert.equal(
      await replayPreStopHook(hook, {
        env: { MODE: "drain" },
        replace: new Map([["127.0.0.1:9901", "127.0.0.1:1234"]]),
      }),
      0,
    );
    assert.equal(await replayPreStopHook(hook, { env: { MODE: "other" } }), 1, "a failing hook's exit code");
  });

  it("when a target is deregistered, then new connections go elsewhere while open ones keep flowing", async () => {
    const servers: Server[] = [];
    const target = async (name: string): Promise<number> => {
      const server = createServer((socket) => {
        socket.on("data", () => socket.write(name));
      });
      servers.push(server);
      server.listen(0, "127.0.0.1");
      await once(server, "listening");
      return (server.address() as AddressInfo).port;
    };
    const [first, second] = [{ port: await target("a") }, { port: await target("b") }];
    const nlb = await startNlbReplay([first, second]);
    const ask = async (socket: ReturnType<typeof connect>): Promise<string> => {
      socket.write("?");
      const [answer] = (await once(socket, "data")) as [Buffer];
      return answer.toString();
    };
    const open = connect(nlb.port, "127.0.0.1");
    try {
      assert.equal(await ask(open), "a", "round robin starts with the first target");
      nlb.deregister(first);
      for (let attempt = 0; attempt < 3; attempt++) {
        const fresh = connect(nlb.port, "127.0.0.1");
        assert.equal(await ask(fresh), "b", "new connections avoid the deregistered target");
        fresh.destroy();
      }
      assert.equal(await ask(open), "a", "the open connection still reaches its target");
      assert.equal(nlb.connectionsTo(first), 1);
    } finally {
      open.destroy();
      await nlb.close();
      for (const server of servers) server.close();
    }
  });
});
