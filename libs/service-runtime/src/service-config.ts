import { hostname } from "node:os";
import { z } from "zod";
import { envInteger, envOptionalString, envString, envValue, parseEnvironment } from "./env-schema.js";

/** Log levels a service accepts in `LOG_LEVEL` (pino's). */
export const logLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** One of {@link logLevels}. */
export type LogLevel = (typeof logLevels)[number];

/** A service's TLS files, see {@link ServiceConfig.tls}. */
export interface ServiceTlsConfig {
  /** `TLS_CERT_FILE`: the certificate chain (PEM). */
  readonly certFile: string;
  /** `TLS_KEY_FILE`: its private key (PEM). */
  readonly keyFile: string;
  /** `TLS_CLIENT_CA_FILE`: when set, clients must present a certificate chaining to this CA (PEM). */
  readonly clientCaFile?: string;
}

/**
 * The runtime configuration of a service, typed and validated. Read it from the
 * environment with {@link loadServiceConfig}; every field has a default chosen
 * for a replica behind Envoy or an AWS Application Load Balancer.
 */
export interface ServiceConfig {
  /** `PORT`: TCP port to listen on; 0 picks a free port. Default 50051. */
  readonly port: number;
  /** `HOST`: interface to bind. Default `0.0.0.0`, so a container's load balancer can reach it. */
  readonly host: string;
  /**
   * `TLS_CERT_FILE` and `TLS_KEY_FILE` (PEM): serve TLS with ALPN h2 instead of h2c. Both or
   * neither. `TLS_CLIENT_CA_FILE` (PEM, needs both): mutual TLS, every client must present a
   * certificate that chains to this CA, or its TLS handshake fails before any call is read.
   */
  readonly tls: ServiceTlsConfig | undefined;
  /**
   * `TLS_DEPENDENCY_CA_FILE` (PEM): calls to the services this one depends on go over TLS and
   * accept a dependency only when its certificate chains to this CA and names the dependency's
   * service (a DNS subjectAltName such as `catalog`); with `TLS_CERT_FILE` and `TLS_KEY_FILE`
   * set, the calls present that certificate as the client's (mutual TLS). Unset: h2c.
   */
  readonly dependencyTls: { readonly caFile: string } | undefined;
  /**
   * `DRAIN_DELAY_MS`: after SIGTERM, how long the service keeps serving (reporting
   * NOT_SERVING) before it sends GOAWAY. Default 10 000: longer than a load
   * balancer needs to notice — Envoy's health check (interval × unhealthy threshold)
   * and the ALB's reaction to a deregistration take seconds, not tens of seconds.
   */
  readonly drainDelayMs: number;
  /**
   * `DRAIN_GRACE_MS`: after GOAWAY, how long in-flight calls may take before the
   * process exits anyway. Default 15 000, so delay + grace (25 s) stays inside
   * ECS's stopTimeout and Kubernetes' terminationGracePeriodSeconds (both 30 s by default).
   */
  readonly drainGraceMs: number;
  /**
   * `MAX_CONNECTION_AGE_MS`: a client connection older than this (±10 % jitter)
   * gets a GOAWAY, so long-lived HTTP/2 connections rebalance onto new replicas.
   * Default 300 000 (5 min); 0 disables.
   */
  readonly maxConnectionAgeMs: number;
  /** `MAX_CONNECTION_AGE_GRACE_MS`: time calls on an aged-out connection get to finish. Default 30 000. */
  readonly maxConnectionAgeGraceMs: number;
  /**
   * `IDLE_TIMEOUT_MS`: a connection without any open call for this long gets GOAWAY.
   * Default 120 000: it must be longer than the ALB's idle timeout (60 s) so the
   * ALB, not the target, closes idle connections; otherwise the ALB can send a
   * request on a connection the target is closing and answer 502. 0 disables.
   */
  readonly idleTimeoutMs: number;
  /** `MAX_RECEIVE_MESSAGE_BYTES`: larger request messages fail with RESOURCE_EXHAUSTED. Default 4 MiB (gRPC's). */
  readonly maxReceiveMessageBytes: number;
  /** `MAX_SEND_MESSAGE_BYTES`: larger response messages fail with RESOURCE_EXHAUSTED. Default 4 MiB. */
  readonly maxSendMessageBytes: number;
  /**
   * `MAX_CONCURRENT_STREAMS`: the HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS each
   * connection advertises. Default 100 (the value RFC 9113 recommends as a minimum);
   * Envoy and the ALB open more connections when they need more streams.
   */
  readonly maxConcurrentStreams: number;
  /**
   * `MAX_IN_FLIGHT_CALLS`: calls above this many in flight on the replica are
   * rejected with RESOURCE_EXHAUSTED before any work (load shedding), so an
   * overloaded replica fails fast and the proxy retries elsewhere. Default 1000; 0 disables.
   */
  readonly maxInFlightCalls: number;
  /**
   * `DEFAULT_DEADLINE_MS`: the deadline of a unary call whose client sent none.
   * Default 30 000. Streaming calls are not given one: they may live long (health Watch);
   * but any call, stream or not, must receive its request (a stream: its first message)
   * within its deadline or this default, so a body-less call cannot hold a slot for ever.
   */
  readonly defaultDeadlineMs: number;
  /** `MAX_DEADLINE_MS`: longer unary deadlines are cut to this. Default 60 000. */
  readonly maxDeadlineMs: number;
  /**
   * `GRPC_REFLECTION`: `on` (default) serves gRPC server reflection (`grpc.reflection.v1` and
   * `v1alpha`), so grpcurl and Postman discover the API without its protos; `off` leaves the
   * reflection services out (calls to them answer UNIMPLEMENTED). A production deploy turns it
   * off: reflection hands anyone who reaches a replica the whole API surface, internal
   * methods included, and production clients are built from the protos, not from reflection.
   */
  readonly reflection: boolean;
  /** `LOG_LEVEL`: one of {@link logLevels}. Default `info`. */
  readonly logLevel: LogLevel;
  /**
   * `INSTANCE_ID`: names this replica in logs and in the `x-served-by` response
   * header. Default `<hostname>-<pid>` (a task or pod name plus the process).
   */
  readonly instanceId: string;
}

const maxMs = 24 * 60 * 60 * 1000;
const maxMessageBytes = 2 ** 31 - 1;

const envSchema = z
  .object({
    PORT: envInteger(0, 65535, 50051),
    HOST: envString("0.0.0.0"),
    TLS_CERT_FILE: envOptionalString(),
    TLS_KEY_FILE: envOptionalString(),
    TLS_CLIENT_CA_FILE: envOptionalString(),
    TLS_DEPENDENCY_CA_FILE: envOptionalString(),
    DRAIN_DELAY_MS: envInteger(0, maxMs, 10_000),
    DRAIN_GRACE_MS: envInteger(0, maxMs, 15_000),
    MAX_CONNECTION_AGE_MS: envInteger(0, maxMs, 300_000),
    MAX_CONNECTION_AGE_GRACE_MS: envInteger(0, maxMs, 30_000),
    IDLE_TIMEOUT_MS: envInteger(0, maxMs, 120_000),
    MAX_RECEIVE_MESSAGE_BYTES: envInteger(1, maxMessageBytes, 4 * 1024 * 1024),
    MAX_SEND_MESSAGE_BYTES: envInteger(1, maxMessageBytes, 4 * 1024 * 1024),
    MAX_CONCURRENT_STREAMS: envInteger(1, 2 ** 31 - 1, 100),
    MAX_IN_FLIGHT_CALLS: envInteger(0, 1_000_000, 1000),
    DEFAULT_DEADLINE_MS: envInteger(1, maxMs, 30_000),
    MAX_DEADLINE_MS: envInteger(1, maxMs, 60_000),
    GRPC_REFLECTION: envValue(z.enum(["on", "off"], { error: 'must be "on" or "off"' }).default("on")),
    LOG_LEVEL: envValue(
      z.enum(logLevels, { error: `must be one of ${logLevels.join(", ")}` }).default("info"),
    ),
    INSTANCE_ID: envString(`${hostname()}-${process.pid}`),
  })
  .superRefine((env, context) => {
    if ((env.TLS_CERT_FILE === undefined) !== (env.TLS_KEY_FILE === undefined)) {
      const missing = env.TLS_CERT_FILE === undefined ? "TLS_CERT_FILE" : "TLS_KEY_FILE";
      context.addIssue({
        code: "custom",
        path: [missing],
        message: "TLS_CERT_FILE and TLS_KEY_FILE go together",
      });
    }
    if (env.TLS_CLIENT_CA_FILE !== undefined && env.TLS_CERT_FILE === undefined) {
      context.addIssue({
        code: "custom",
        path: ["TLS_CLIENT_CA_FILE"],
        message: "needs TLS_CERT_FILE and TLS_KEY_FILE: client certificates are asked for in a TLS handshake",
      });
    }
    if (env.DEFAULT_DEADLINE_MS > env.MAX_DEADLINE_MS) {
      context.addIssue({
        code: "custom",
        path: ["DEFAULT_DEADLINE_MS"],
        message: `must not exceed MAX_DEADLINE_MS (${env.MAX_DEADLINE_MS})`,
      });
    }
  });

/**
 * Reads and validates the service configuration from environment variables
 * (see {@link ServiceConfig} for each variable and its default). Empty
 * variables count as unset. Fails fast with a `ServiceConfigError` whose
 * message names each bad variable and what is wrong with it.
 */
export function loadServiceConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
): ServiceConfig {
  const parsed = parseEnvironment(envSchema, env);
  return {
    port: parsed.PORT,
    host: parsed.HOST,
    tls:
      parsed.TLS_CERT_FILE !== undefined && parsed.TLS_KEY_FILE !== undefined
        ? {
            certFile: parsed.TLS_CERT_FILE,
            keyFile: parsed.TLS_KEY_FILE,
            ...(parsed.TLS_CLIENT_CA_FILE === undefined ? {} : { clientCaFile: parsed.TLS_CLIENT_CA_FILE }),
          }
        : undefined,
    dependencyTls:
      parsed.TLS_DEPENDENCY_CA_FILE === undefined ? undefined : { caFile: parsed.TLS_DEPENDENCY_CA_FILE },
    drainDelayMs: parsed.DRAIN_DELAY_MS,
    drainGraceMs: parsed.DRAIN_GRACE_MS,
    maxConnectionAgeMs: parsed.MAX_CONNECTION_AGE_MS,
    maxConnectionAgeGraceMs: parsed.MAX_CONNECTION_AGE_GRACE_MS,
    idleTimeoutMs: parsed.IDLE_TIMEOUT_MS,
    maxReceiveMessageBytes: parsed.MAX_RECEIVE_MESSAGE_BYTES,
    maxSendMessageBytes: parsed.MAX_SEND_MESSAGE_BYTES,
    maxConcurrentStreams: parsed.MAX_CONCURRENT_STREAMS,
    maxInFlightCalls: parsed.MAX_IN_FLIGHT_CALLS,
    defaultDeadlineMs: parsed.DEFAULT_DEADLINE_MS,
    maxDeadlineMs: parsed.MAX_DEADLINE_MS,
    reflection: parsed.GRPC_REFLECTION === "on",
    logLevel: parsed.LOG_LEVEL,
    instanceId: parsed.INSTANCE_ID,
  };
}
