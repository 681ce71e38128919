import { protoRegistry } from "@switchyard/proto";
import {
  sendRawGrpcCall,
  withHttp2Session,
  type GrpcEndpoint,
  type RawGrpcOutcome,
} from "@switchyard/grpc-wire";

/** gRPC status code UNIMPLEMENTED: what a server (or a proxy's 404) answers for a method it does not route. */
export const unimplementedCode = 12;

/** Every method path `/<pkg.Service>/<Method>` of a fully-qualified gRPC service, from the proto registry. */
export function methodPaths(grpcService: string): string[] {
  const service = protoRegistry.getService(grpcService);
  if (service === undefined) throw new Error(`${grpcService} is not in the proto registry`);
  return service.methods.map((method) => `/${grpcService}/${method.name}`);
}

/** One method's answer in {@link callEveryMethod}. */
export interface MethodReach extends RawGrpcOutcome {
  readonly path: string;
  /** A gRPC server implemented the method: a gRPC answer other than UNIMPLEMENTED, or an open stream. */
  readonly reached: boolean;
}

/**
 * Calls every method of `grpcServices` once at `endpoint` with an empty request
 * and reports whether each reached a server that implements it. An empty
 * request is safe for every method here: validation rejects it
 * (INVALID_ARGUMENT), a lookup misses (NOT_FOUND), or a stream starts and is cancelled.
 */
export async function callEveryMethod(
  endpoint: GrpcEndpoint,
  grpcServices: readonly string[],
): Promise<MethodReach[]> {
  return withHttp2Session(endpoint, async (session) => {
    const results: MethodReach[] = [];
    for (const path of grpcServices.flatMap(methodPaths)) {
      // A server stream answers headers and keeps going: after 500 ms it counts as reached.
      const outcome = await sendRawGrpcCall(session, path, { streamWaitMs: 500 });
      const reached =
        outcome.grpcResponse &&
        (outcome.stillStreaming ||
          (outcome.grpcStatus !== undefined && outcome.grpcStatus !== unimplementedCode));
      results.push({ ...outcome, path, reached });
    }
    return results;
  });
}

/**
 * Replays an ALB gRPC health check exactly as a target group is configured:
 * HTTP/2 `POST <path>` with an empty gRPC message, and the grpc-status compared
 * with the matcher (`"0"`, `"0,1"` or `"0-5"`). Returns the status and whether
 * the ALB would count the target healthy.
 */
export async function replayAlbHealthCheck(
  endpoint: GrpcEndpoint,
  path: string,
  matcher: string,
): Promise<{ grpcStatus: number | undefined; healthy: boolean }> {
  const outcome = await withHttp2Session(endpoint, (session) =>
    sendRawGrpcCall(session, path, { timeoutMs: 5000 }),
  );
  const status = outcome.grpcStatus;
  return { grpcStatus: status, healthy: status !== undefined && matcherAccepts(matcher, status) };
}

/** Whether an ALB gRPC matcher (`"0"`, `"0,1"`, `"0-5"`) accepts `code`. */
export function matcherAccepts(matcher: string, code: number): boolean {
  return matcher.split(",").some((part) => {
    const [low, high] = part.trim().split("-").map(Number);
    if (low === undefined || Number.isNaN(low)) return false;
    return high === undefined ? code === low : code >= low && code <= high;
  });
}
