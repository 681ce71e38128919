import { EchoService } from "@switchyard/proto/switchyard/testing/v1/echo_service";
import { loadServiceConfig } from "@switchyard/service-runtime";
import { startConnectService } from "@switchyard/connect-runtime";

/** Options for {@link startLabReplica}. */
export interface LabReplicaOptions {
  /** Reported in `x-served-by` on every response (the runtime's INSTANCE_ID). */
  readonly id: string;
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  readonly port: number;
  /**
   * The runtime's MAX_CONNECTION_AGE_MS: a client connection this old (±10 % jitter) gets a
   * GOAWAY, so clients reconnect. Default 0: never.
   */
  readonly maxConnectionAgeMs?: number;
}

/** A running replica of the lab's service. */
export interface LabReplica {
  readonly id: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Starts one replica of the lab's service on the service runtime (connect-node), the way
 * every Switchyard service runs: `switchyard.testing.v1.EchoService/Echo` waits `delay_ms`
 * and answers; the runtime adds `x-served-by`, grpc.health.v1, limits and connection age.
 */
export async function startLabReplica(options: LabReplicaOptions): Promise<LabReplica> {
  const service = await startConnectService({
    name: "lb-lab",
    config: loadServiceConfig({
      PORT: String(options.port),
      HOST: "127.0.0.1",
      INSTANCE_ID: options.id,
      LOG_LEVEL: "silent",
      DRAIN_DELAY_MS: "0",
      DRAIN_GRACE_MS: "1000",
      MAX_CONNECTION_AGE_MS: String(options.maxConnectionAgeMs ?? 0),
      MAX_CONNECTION_AGE_GRACE_MS: "5000",
    }),
    services: [
      {
        service: EchoService,
        implementation: {
          async echo(request) {
            if (request.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, request.delayMs));
            return { message: request.message };
          },
        },
      },
    ],
  });
  return { id: options.id, port: service.port, close: () => service.forceClose() };
}
