import type { DescMethod } from "@bufbuild/protobuf";
import { ConnectError } from "@connectrpc/connect";
import * as grpc from "@grpc/grpc-js";
import type { CallAuthorizer } from "@switchyard/service-runtime";
import { callerSubjectKey, connectErrorToGrpcJsStatus } from "./grpc-js-interceptor.js";

/** Options for {@link createGrpcJsAuthInterceptor}. */
export interface GrpcJsAuthInterceptorOptions {
  readonly authorize: CallAuthorizer;
  /** Descriptors of the served methods by gRPC path; a path not here is left to grpc-js (UNIMPLEMENTED). */
  readonly methods: ReadonlyMap<string, DescMethod>;
}

/**
 * The grpc-js side of the runtime's auth: the call's metadata is held until the
 * {@link CallAuthorizer} has decided, so neither validation nor the handler sees a refused
 * call (grpc-js reads no message before the metadata has passed). Placed inside the runtime
 * interceptor, so a refusal is logged and carries `x-served-by` like any answer.
 */
export function createGrpcJsAuthInterceptor(options: GrpcJsAuthInterceptorOptions): grpc.ServerInterceptor {
  return (methodDefinition, call) => {
    const method = options.methods.get(methodDefinition.path);
    const intercepted: grpc.ServerInterceptingCall = new grpc.ServerInterceptingCall(call, {
      start(next) {
        next({
          onReceiveMetadata(metadata, nextMetadata) {
            metadata.remove(callerSubjectKey);
            if (method === undefined) {
              nextMetadata(metadata);
              return;
            }
            const [authorization] = metadata.get("authorization");
            options.authorize(method, typeof authorization === "string" ? authorization : undefined).then(
              (caller) => {
                if (caller !== undefined) metadata.set(callerSubjectKey, caller.subject);
                nextMetadata(metadata);
              },
              (reason: unknown) => {
                intercepted.sendStatus(connectErrorToGrpcJsStatus(ConnectError.from(reason)));
              },
            );
          },
        });
      },
    });
    return intercepted;
  };
}
