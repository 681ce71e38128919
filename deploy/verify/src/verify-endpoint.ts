import type { DeployedService } from "@switchyard/deploy-settings";
import { callEveryMethod, unimplementedCode, type MethodReach } from "@switchyard/deploy-validators";
import { sendRawGrpcCall, withHttp2Session, type GrpcEndpoint } from "@switchyard/grpc-wire";

/** What {@link verifyEndpoint} found. */
export interface EndpointReport {
  /** Every method of every service, and whether it reached an implementation. */
  readonly methods: readonly MethodReach[];
  /** How the endpoint answered a gRPC service that nothing serves. */
  readonly unknownService: {
    readonly httpStatus: number | undefined;
    readonly grpcStatus: number | undefined;
  };
  /** Methods that did not reach a server implementing them. */
  readonly unreached: readonly MethodReach[];
  /** True when an unknown service answered 404 or UNIMPLEMENTED (the router, not a service, said no). */
  readonly unknownServiceRejected: boolean;
}

/**
 * Checks a front door of the platform (a deployed ALB, or Envoy): every method
 * of every service gets one empty request message — rejected by validation,
 * missed by a lookup, or a stream that is then cancelled, so no data changes —
 * and must reach a server that implements it; a call to an unknown gRPC service
 * must be refused by the router (HTTP 404 from an ALB, UNIMPLEMENTED from Envoy).
 */
export async function verifyEndpoint(
  endpoint: GrpcEndpoint,
  services: readonly DeployedService[],
): Promise<EndpointReport> {
  const methods = await callEveryMethod(
    endpoint,
    services.flatMap((service) => service.grpcServices),
  );
  const unknown = await withHttp2Session(endpoint, (session) =>
    sendRawGrpcCall(session, "/switchyard.nowhere.v1.Nothing/Call", { streamWaitMs: 500 }),
  );
  return {
    methods,
    unreached: methods.filter((method) => !method.reached),
    unknownService: { httpStatus: unknown.httpStatus, grpcStatus: unknown.grpcStatus },
    unknownServiceRejected: unknown.httpStatus === 404 || unknown.grpcStatus === unimplementedCode,
  };
}
