import type { ConnectRouter } from "@connectrpc/connect";
import { ServerReflection } from "@switchyard/proto/grpc/reflection/v1/reflection";
import { ServerReflection as ServerReflectionV1alpha } from "@switchyard/proto/grpc/reflection/v1alpha/reflection";
import type { ReflectionOptions } from "./reflection-options.js";
import { createReflectionStreamResponder } from "./reflection-responder.js";
import { v1alphaResponseOf, v1RequestOf } from "./reflection-versions.js";

/**
 * Registers `grpc.reflection.v1.ServerReflection` and
 * `grpc.reflection.v1alpha.ServerReflection` on a connect-node router,
 * describing the files of `options.registry` and listing `options.serviceNames`.
 */
export function registerReflectionConnect(router: ConnectRouter, options: ReflectionOptions): void {
  router.service(ServerReflection, {
    async *serverReflectionInfo(requests) {
      const respond = createReflectionStreamResponder(options);
      for await (const request of requests) yield respond(request);
    },
  });
  router.service(ServerReflectionV1alpha, {
    async *serverReflectionInfo(requests) {
      const respond = createReflectionStreamResponder(options);
      for await (const request of requests) yield v1alphaResponseOf(respond(v1RequestOf(request)));
    },
  });
}
