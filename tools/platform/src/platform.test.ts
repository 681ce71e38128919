import assert from "node:assert/strict";
import { within } from "@switchyard/testing";
import { execFile } from "node:child_process";
import { once } from "node:events";
import { randomUUID } from "node:crypto";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { createServer, type AddressInfo, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { promisify } from "node:util";
import { Code, ConnectError, createClient, type Interceptor } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { CatalogService } from "@switchyard/proto/switchyard/catalog/v1/catalog_service";
import { CheckoutService } from "@switchyard/proto/switchyard/checkout/v1/checkout_service";
import { startChildProcess, workspaceRoot, type ChildProcessHandle } from "@switchyard/launcher";
import { platformServices } from "@switchyard/topology";
import { platformAccessToken } from "./platform-auth.js";

const execFileAsync = promisify(execFile);

/** Runs `npm start`'s entry point as a child, on free ports and its own work directory. */
function runPlatform(env: Record<string, string>): ChildProcessHandle {
  return startChildProcess({
    label: "npm start",
    command: process.execPath,
    args: ["--import", "tsx", "tools/platform/src/main.ts"],
    cwd: workspaceRoot,
    env: {
      ...process.env,
      REPLICAS: "1",
      SERVICE_PORTS: "ephemeral",
      ENVOY_PORT: "0",
      ENVOY_TLS_PORT: "0",
      ENVOY_ADMIN_PORT: "0",
      ...env,
    },
  });
}

/** The first line matching `pattern` (printed so far or later), with its groups. */
async function waitForMatch(
  run: ChildProcessHandle,
  pattern: RegExp,
  timeoutMs: number,
): Promise<RegExpExecArray> {
  const line = await run.waitForLine(pattern, timeoutMs);
  return pattern.exec(line) as RegExpExecArray;
}

/** Sends `authorization` with every call. */
function bearer(authorization: string): Interceptor {
  return (next) => (request) => {
    request.header.set("authorization", authorization);
    return next(request);
  };
}

/** PIDs the platform reported for its children ("<label>: pid <n>"). */
function reportedPids(lines: readonly string[]): number[] {
  return lines.flatMap((line) => {
    const pid = /: pid (\d+)/.exec(line)?.[1];
    return pid === undefined ? [] : [Number(pid)];
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("npm start (tools/platform)", () => {
  const runs: ChildProcessHandle[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  after(async () => {
    for (const run of runs) {
      await run.stop(0);
      for (const pid of reportedPids(run.lines)) if (isAlive(pid)) process.kill(pid, "SIGKILL");
    }
    for (const cleanup of cleanups) await cleanup();
  });

  const workDir = async (): Promise<string> => {
    const dir = await mkdtemp(join(tmpdir(), "switchyard-platform-"));
    // PostgreSQL's cluster goes under it; run as root, the server is `nobody` and must reach it.
    await chmod(dir, 0o755);
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    return dir;
  };

  it("when started, then calls go through Envoy, orders need a token from npm run token, and Ctrl-C stops every child", async () => {
    const dir = await workDir();
    const run = runPlatform({ PLATFORM_WORK_DIR: dir });
    runs.push(run);
    await run.waitForLine(/^Switchyard is up/, 60_000);
    const envoyPort = Number(
      (await waitForMatch(run, /^\s+Envoy, h2c and HTTP\/1\.1\s+127\.0\.0\.1:(\d+)$/, 1000))[1],
    );
    const adminUrl = (await waitForMatch(run, /^\s+Envoy admin\s+(http:\S+)$/, 1000))[1] ?? "";

    const client = createClient(
      CatalogService,
      createGrpcTransport({ baseUrl: `http://127.0.0.1:${envoyPort}` }),
    );
    // A catalog answer (a product or NOT_FOUND) proves the route; Envoy's own failures are UNAVAILABLE.
    await client.getProduct({ id: "sku-espresso-250g" }).catch((error: unknown) => {
      assert.equal(ConnectError.from(error).code, Code.NotFound, String(error));
    });
    const stats = await (
      await fetch(`${adminUrl}/stats?filter=^cluster\\.catalog\\.upstream_rq_total$`)
    ).text();
    assert.ok(Number(/: (\d+)/.exec(stats)?.[1]) >= 1, `Envoy routed the call: ${stats}`);

    // grpcurl (a Go client) lists every platform service through Envoy, via the edge server's reflection.
    const { stdout } = await execFileAsync("grpcurl", ["-plaintext", `127.0.0.1:${envoyPort}`, "list"]);
    for (const service of platformServices) {
      for (const grpcService of service.grpcServices) assert.ok(stdout.includes(grpcService), stdout);
    }

    // Orders need a token: without one, checkout refuses before its handler runs.
    const checkout = createClient(
      CheckoutService,
      createGrpcTransport({ baseUrl: `http://127.0.0.1:${envoyPort}` }),
    );
    const refused = await checkout.listOrders({ customerId: "platform-test" }, { timeoutMs: 10_000 }).then(
      () => assert.fail("ListOrders answered without a token"),
      (error: unknown) => ConnectError.from(error),
    );
    assert.equal(refused.code, Code.Unauthenticated, refused.message);
    // The README's way: a token from `npm run token`, then grpcurl with it.
    const { stdout: token } = await execFileAsync(
      "npm",
      ["run", "-s", "token", "--", "--scopes", "orders.read"],
      {
        cwd: workspaceRoot,
        env: { ...process.env, PLATFORM_WORK_DIR: dir },
      },
    );
    const listed = await execFileAsync("grpcurl", [
      "-plaintext",
      "-H",
      `authorization: Bearer ${token.trim()}`,
      "-d",
      '{"customer_id":"platform-test"}',
      `127.0.0.1:${envoyPort}`,
      "switchyard.checkout.v1.CheckoutService/ListOrders",
    ]);
    assert.match(listed.stdout, /^\{/);

    const pids = reportedPids(run.lines);
    assert.ok(pids.length >= 2, `the platform reported its children: ${run.lines.join("\n")}`);
    assert.ok(pids.every(isAlive));
    run.signal("SIGINT");
    const exit = await within(30_000, "the platform stopping", run.exited);
    assert.equal(exit.code, 0);
    assert.deepEqual(pids.filter(isAlive), [], "no child outlives the platform");
  });

  it("when Envoy cannot start, then the platform exits 1 and stops the replicas it started", async () => {
    // Envoy's admin port is taken, so Envoy exits at start, after the replicas are up.
    const blocker: Server = createServer();
    blocker.listen(0, "127.0.0.1");
    await once(blocker, "listening");
    cleanups.push(
      () =>
        new Promise((resolve) => {
          blocker.close(() => {
            resolve();
          });
        }),
    );
    const run = runPlatform({
      PLATFORM_WORK_DIR: await workDir(),
      ENVOY_ADMIN_PORT: String((blocker.address() as AddressInfo).port),
    });
    runs.push(run);
    const exit = await within(60_000, "the platform exiting", run.exited);
    assert.equal(exit.code, 1, run.lines.join("\n"));
    assert.ok(
      run.lines.some((line) => /platform failed to start: Envoy/.test(line)),
      run.lines.join("\n"),
    );
    const pids = reportedPids(run.lines);
    assert.ok(pids.length >= 2, `replicas and Envoy were started: ${run.lines.join("\n")}`);
    assert.deepEqual(pids.filter(isAlive), [], "no child outlives the platform");
  });
  it("when an order is placed through Envoy, then every checkout replica reads it, also after Ctrl-C and a restart on the same data", async () => {
    const dir = await workDir();
    const start = async () => {
      // Two replicas, so the order is read back through the one that did not write it.
      const run = runPlatform({ PLATFORM_WORK_DIR: dir, REPLICAS: "2" });
      runs.push(run);
      await run.waitForLine(/^Switchyard is up/, 90_000);
      const envoyPort = Number(
        (await waitForMatch(run, /^\s+Envoy, h2c and HTTP\/1\.1\s+127\.0\.0\.1:(\d+)$/, 1000))[1],
      );
      const database = (
        await waitForMatch(run, /^\s+PostgreSQL \(DATABASE_URL\)\s+(postgres:\S+)$/, 1000)
      )[1];
      const checkoutPorts = run.lines.flatMap((line) => {
        const port = /^\s+checkout-\d+\s+127\.0\.0\.1:(\d+)$/.exec(line)?.[1];
        return port === undefined ? [] : [Number(port)];
      });
      // As `npm run token` would: the CLI client's credentials are in the work directory.
      const authorization = `Bearer ${await platformAccessToken(dir, ["orders.read", "orders.write"])}`;
      const client = (port: number) =>
        createClient(
          CheckoutService,
          createGrpcTransport({ baseUrl: `http://127.0.0.1:${port}`, interceptors: [bearer(authorization)] }),
        );
      return { run, database, envoy: client(envoyPort), replicas: checkoutPorts.map(client) };
    };
    const stop = async (run: ChildProcessHandle): Promise<void> => {
      const pids = reportedPids(run.lines);
      run.signal("SIGINT");
      const exit = await within(40_000, "the platform stopping", run.exited);
      assert.equal(exit.code, 0, run.lines.join("\n"));
      assert.deepEqual(pids.filter(isAlive), [], "no child, PostgreSQL included, outlives the platform");
    };

    const first = await start();
    assert.match(first.database ?? "", /^postgres:\/\/postgres@127\.0\.0\.1:\d+\/switchyard$/);
    assert.ok(
      first.run.lines.some((line) => /^\s+postgres: pid \d+/.test(line)),
      `the platform started PostgreSQL: ${first.run.lines.join("\n")}`,
    );
    assert.equal(first.replicas.length, 2, first.run.lines.join("\n"));
    const { order } = await first.envoy.placeOrder(
      {
        requestId: randomUUID(),
        customerId: "platform-test",
        lines: [{ productId: "sku-aeropress", quantity: 1 }],
      },
      { timeoutMs: 10_000 },
    );
    assert.ok(order);
    for (const replica of first.replicas) {
      assert.deepEqual((await replica.getOrder({ id: order.id }, { timeoutMs: 5000 })).order, order);
    }
    await stop(first.run);

    const second = await start();
    assert.deepEqual((await second.envoy.getOrder({ id: order.id }, { timeoutMs: 5000 })).order, order);
    await stop(second.run);
  });
});
