import type * as grpc from "@grpc/grpc-js";
import type { Message } from "@bufbuild/protobuf";
import { addBufServiceToGrpcJsServer } from "@switchyard/grpc-js-adapter";
import {
  ServerReflection,
  type ServerReflectionRequest,
} from "@switchyard/proto/grpc/reflection/v1/reflection";
import {
  ServerReflection as ServerReflectionV1alpha,
  type ServerReflectionRequest as V1alphaRequest,
} from "@switchyard/proto/grpc/reflection/v1alpha/reflection";
import type { ReflectionOptions } from "./reflection-options.js";
import { createReflectionStreamResponder } from "./reflection-responder.js";
import { v1alphaResponseOf, v1RequestOf } from "./reflection-versions.js";

/** Answers each request of a bidi stream with `answer`, and ends when the client does. */
function serveBidi<Req extends Message, Res>(
  call: grpc.ServerDuplexStream<Req, Res>,
  answer: (request: Req) => Res,
): void {
  call.on("data", (request: Req) => {
    call.write(answer(request));
  });
  call.on("end", () => {
    call.end();
  });
}

/**
 * Adds `grpc.reflection.v1.ServerReflection` and
 * `grpc.reflection.v1alpha.ServerReflection` to a grpc-js server, describing
 * the files of `options.registry` and listing `options.serviceNames`.
 */
export function addReflectionToGrpcJsServer(server: grpc.Server, options: ReflectionOptions): void {
  addBufServiceToGrpcJsServer(server, ServerReflection, {
    serverReflectionInfo(call) {
      const respond = createReflectionStreamResponder(options);
      serveBidi(call, (request: ServerReflectionRequest) => respond(request));
    },
  });
  addBufServiceToGrpcJsServer(server, ServerReflectionV1alpha, {
    serverReflectionInfo(call) {
      const respond = createReflectionStreamResponder(options);
      serveBidi(call, (request: V1alphaRequest) => v1alphaResponseOf(respond(v1RequestOf(request))));
    },
  });
}
