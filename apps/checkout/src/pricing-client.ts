import type { MessageInitShape } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { credentials, type ServiceError } from "@grpc/grpc-js";
import { createGrpcJsClient } from "@switchyard/grpc-js-adapter";
import { toConnectCode } from "@switchyard/grpc-status";
import { createGrpcJsClientTelemetryInterceptor } from "@switchyard/telemetry";
import { Health, HealthCheckResponse_ServingStatus } from "@switchyard/proto/grpc/health/v1/health";
import {
  PricingService,
  type CartQuote,
  type QuoteRequestSchema,
} from "@switchyard/proto/switchyard/pricing/v1/pricing_service";
import type { DependencyTlsMaterial } from "@switchyard/service-runtime";
import { dependencyError, type DependencyCall } from "./dependency-call.js";
import { grpcJsDependencyTls } from "./dependency-tls.js";

/** What checkout needs from pricing. */
export interface PricingClient {
  /**
   * Prices a cart. Pricing's NOT_FOUND (unknown promo code) and
   * FAILED_PRECONDITION (cart does not qualify) pass through with their
   * messages; other failures become checkout's dependency errors.
   */
  quote(request: MessageInitShape<typeof QuoteRequestSchema>, call: DependencyCall): Promise<CartQuote>;
  /** Whether pricing answers its health check with SERVING within `timeoutMs`. */
  isReachable(timeoutMs: number): Promise<boolean>;
  /** Closes the channels. */
  close(): void;
}

/**
 * grpc-js channel options: the `round_robin` load-balancing policy over every
 * address the target resolves to (grpc-js' default, `pick_first`, would send
 * every call to one replica), and short reconnect backoff so a replica that
 * comes back is used again within a second.
 */
export const pricingChannelOptions = {
  "grpc.service_config": JSON.stringify({ loadBalancingConfig: [{ round_robin: {} }] }),
  "grpc.initial_reconnect_backoff_ms": 200,
  "grpc.max_reconnect_backoff_ms": 1000,
} as const;

function isServiceError(error: unknown): error is ServiceError {
  return error instanceof Error && typeof (error as Partial<ServiceError>).code === "number";
}

/** Health checks {@link PricingClient.isReachable} sends at most before it calls pricing unreachable. */
const reachabilityChecks = 3;

/**
 * A pricing client on grpc-js through the buf adapter, balancing calls across
 * the replicas `target` resolves to with grpc-js' `round_robin` policy (see
 * {@link pricingChannelOptions}). Calls do not wait for a connection
 * (`waitForReady` off): with every replica down they fail at once with UNAVAILABLE.
 * With `tls` (`TLS_DEPENDENCY_CA_FILE`), the channels use TLS: each replica must show a
 * certificate from the CA naming `pricing`, and checkout presents its own.
 */
export function createPricingClient(target: string, tls?: DependencyTlsMaterial): PricingClient {
  const secured = tls === undefined ? undefined : grpcJsDependencyTls(tls, "pricing");
  const channelCredentials = secured?.credentials ?? credentials.createInsecure();
  const channelOptions = { ...pricingChannelOptions, ...secured?.channelOptions };
  const pricing = createGrpcJsClient(PricingService, target, channelCredentials, {
    ...channelOptions,
    interceptors: [createGrpcJsClientTelemetryInterceptor()],
  });
  const health = createGrpcJsClient(Health, target, channelCredentials, channelOptions);
  return {
    async quote(request, call) {
      try {
        const response = await pricing.quote(request, {
          deadline: Date.now() + call.timeoutMs,
          signal: call.signal,
        });
        if (response.quote === undefined)
          throw new ConnectError("pricing answered without a quote", Code.Internal);
        return response.quote;
      } catch (error) {
        if (!isServiceError(error)) throw error;
        const code = toConnectCode(error.code);
        if (code === Code.NotFound || code === Code.FailedPrecondition) {
          throw new ConnectError(error.details, code, undefined, undefined, error);
        }
        throw dependencyError("pricing", code, error.details, error, call);
      }
    },
    async isReachable(timeoutMs) {
      // One answer speaks for the replica that gave it: a draining replica says NOT_SERVING while
      // the others serve. round_robin sends each check to the next replica, so pricing counts as
      // reachable when any of a few consecutive checks answers SERVING.
      const deadline = Date.now() + timeoutMs;
      for (let attempt = 0; attempt < reachabilityChecks; attempt++) {
        try {
          const response = await health.check({ service: "" }, { deadline });
          if (response.status === HealthCheckResponse_ServingStatus.SERVING) return true;
        } catch {
          // Unreachable or failing replica: ask the next one.
        }
        if (Date.now() >= deadline) return false;
      }
      return false;
    },
    close() {
      pricing.close();
      health.close();
    },
  };
}
