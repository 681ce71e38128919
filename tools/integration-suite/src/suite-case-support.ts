import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import type { DescService } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, type Client, type Transport } from "@connectrpc/connect";
import {
  createConnectTransport,
  createGrpcTransport,
  createGrpcWebTransport,
} from "@connectrpc/connect-node";
import { credentials } from "@grpc/grpc-js";
import type { EntryPoint } from "./entry-points.js";
import { type PythonStubs } from "./python-client.js";

/** `execFile` as a promise, for the command-line clients (grpcurl). */
export const execFileAsync = promisify(execFile);

/** A product every catalog serves (apps/catalog/data/products.json), priced in EUR. */
export const knownProduct = "sku-espresso-250g";

/** gRPC's default message limit, which the service runtime keeps (`MAX_RECEIVE_MESSAGE_BYTES`). */
export const maxMessageBytes = 4 * 1024 * 1024;

/** What a case gets: the entry point and the Python stubs of the run. */
export interface SuiteContext {
  readonly entry: EntryPoint;
  readonly pythonStubs: () => PythonStubs;
}

/** One row of the table: a behaviour every entry point must show. */
export interface SuiteCase {
  /** The test name: "when X, then Y". */
  readonly name: string;
  /** Why the case does not apply to `entry` (it is skipped with this reason), or undefined. */
  readonly skip?: (entry: EntryPoint) => string | undefined;
  readonly run: (context: SuiteContext) => Promise<void>;
}

/** The wire protocols connect clients speak to an entry point. */
export type Protocol = "grpc" | "grpc-web" | "connect";

/** A connect transport to `service` at `entry` over `protocol` (gRPC on HTTP/2, or a browser protocol on HTTP/1.1). */
export function transportFor(entry: EntryPoint, service: string, protocol: Protocol = "grpc"): Transport {
  const baseUrl = entry.baseUrl(service);
  const nodeOptions =
    entry.tls?.caPem === undefined
      ? {}
      : {
          nodeOptions: {
            ca: entry.tls.caPem,
            ...(entry.tls.serverName ? { servername: entry.tls.serverName } : {}),
          },
        };
  if (protocol === "grpc") return createGrpcTransport({ baseUrl, ...nodeOptions });
  // The browser protocols over HTTP/1.1, as a browser without HTTP/2 to the proxy sends them.
  if (protocol === "grpc-web") return createGrpcWebTransport({ baseUrl, httpVersion: "1.1", ...nodeOptions });
  return createConnectTransport({ baseUrl, httpVersion: "1.1", ...nodeOptions });
}

/** A connect client of `service` (named `name` in the topology) at `entry`. */
export function clientFor<S extends DescService>(
  entry: EntryPoint,
  service: S,
  name: string,
  protocol?: Protocol,
): Client<S> {
  return createClient(service, transportFor(entry, name, protocol));
}

/** Awaits `call` and asserts it failed with `code`; resolves with the error for more checks. */
export async function expectCode(call: Promise<unknown>, code: Code): Promise<ConnectError> {
  try {
    await call;
  } catch (error) {
    const connectError = ConnectError.from(error);
    assert.equal(
      connectError.code,
      code,
      `expected ${Code[code]}, got ${Code[connectError.code]}: ${connectError.rawMessage}`,
    );
    return connectError;
  }
  assert.fail(`expected ${Code[code]}, the call succeeded`);
}

/** A pricing request for two of {@link knownProduct}, with `promoCode` and `currencyCode`. */
export function quoteRequest(promoCode = "", currencyCode = "EUR") {
  return {
    currencyCode,
    promoCode,
    lineItems: [{ productId: knownProduct, quantity: 2, unitPrice: { currencyCode, minorUnits: 1290n } }],
  };
}

/** A fresh W3C `traceparent` header (sampled) and its trace id. */
export function traceparent(): { header: string; traceId: string } {
  const traceId = randomBytes(16).toString("hex");
  return { header: `00-${traceId}-${randomBytes(8).toString("hex")}-01`, traceId };
}

/** The first log line of `service`'s replicas that `matches`, waited for briefly (a call line is written as the call ends). */
export async function untilLogged(
  entry: EntryPoint,
  service: string,
  matches: (line: Readonly<Record<string, unknown>>) => boolean,
): Promise<Readonly<Record<string, unknown>>> {
  const logs = entry.replicaLogs;
  assert.ok(logs, "replica logs are readable");
  // A replica writes its call line when the call ends, which may be just after the client saw the end;
  // a container's log reaches `docker logs` a moment later still.
  const deadline = Date.now() + 5000;
  for (;;) {
    const found = (await logs(service)).find(matches);
    if (found) return found;
    if (Date.now() > deadline) assert.fail(`no log line of ${service} matched`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** grpc-js channel credentials for `entry`: insecure, or TLS trusting its CA. */
export function grpcJsCredentials(entry: EntryPoint) {
  return entry.tls === undefined
    ? credentials.createInsecure()
    : credentials.createSsl(entry.tls.caPem === undefined ? null : Buffer.from(entry.tls.caPem));
}

/** grpcurl's flags for `entry`: `-plaintext`, or its CA file and server name. */
export function grpcurlTlsArgs(entry: EntryPoint): string[] {
  if (entry.tls === undefined) return ["-plaintext"];
  return [
    ...(entry.tls.caPath === undefined ? [] : ["-cacert", entry.tls.caPath]),
    ...(entry.tls.serverName === undefined ? [] : ["-servername", entry.tls.serverName]),
  ];
}

/** The skip reason of cases that read replica logs, where `entry` cannot read them. */
export const noLogs = (entry: EntryPoint) =>
  entry.replicaLogs === undefined ? "the replicas' logs are not readable from here" : undefined;
