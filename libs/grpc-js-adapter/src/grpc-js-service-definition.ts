import type {
  DescMessage,
  DescMethod,
  DescService,
  Message,
  MessageInitShape,
  MessageShape,
} from "@bufbuild/protobuf";
import type * as grpc from "@grpc/grpc-js";
import { createDeserializer, createSerializer } from "./message-serialization.js";

/**
 * The grpc-js handler for one buf method, typed from its descriptor: requests
 * arrive as messages (`MessageShape`), responses may be messages or plain init
 * objects (`MessageInitShape`), which are completed with `create()` before
 * they are written.
 */
export type GrpcJsMethodHandler<M> = M extends {
  readonly methodKind: infer Kind;
  readonly input: infer I extends DescMessage;
  readonly output: infer O extends DescMessage;
}
  ? Kind extends "unary"
    ? grpc.handleUnaryCall<MessageShape<I>, MessageInitShape<O>>
    : Kind extends "server_streaming"
      ? grpc.handleServerStreamingCall<MessageShape<I>, MessageInitShape<O>>
      : Kind extends "client_streaming"
        ? grpc.handleClientStreamingCall<MessageShape<I>, MessageInitShape<O>>
        : Kind extends "bidi_streaming"
          ? grpc.handleBidiStreamingCall<MessageShape<I>, MessageInitShape<O>>
          : never
  : never;

/**
 * A grpc-js implementation of a buf service: one handler per method, keyed by
 * the method's `localName` (`echo` for `rpc Echo`), as generated in
 * `GenService`'s `method` record.
 */
export type GrpcJsServiceImplementation<S extends DescService> = {
  [K in keyof S["method"]]: GrpcJsMethodHandler<S["method"][K]>;
};

/** {@link GrpcJsMethodHandler} that may also return a promise, settled when the call is done. */
export type GrpcJsAsyncMethodHandler<M> =
  GrpcJsMethodHandler<M> extends (...args: infer A) => void ? (...args: A) => void | Promise<void> : never;

/**
 * A grpc-js implementation whose handlers may be `async`. grpc-js itself ignores a
 * handler's return value, so a rejected promise would escape it: only a server that
 * settles the promise into the call's status accepts this type (the service runtime's
 * `startGrpcJsService` does); {@link addBufServiceToGrpcJsServer} takes
 * {@link GrpcJsServiceImplementation}.
 */
export type GrpcJsAsyncServiceImplementation<S extends DescService> = {
  [K in keyof S["method"]]: GrpcJsAsyncMethodHandler<S["method"][K]>;
};

/** The gRPC request path of a method: `/<package>.<Service>/<Method>`. */
export function grpcMethodPath(method: DescMethod): string {
  return `/${method.parent.typeName}/${method.name}`;
}

/**
 * Builds the grpc-js `ServiceDefinition` of a buf service descriptor, so a
 * grpc-js server can serve buf-generated services without proto-loader or
 * hand-written serializers. Keys are the methods' `localName`s; each entry
 * carries the gRPC path, streaming flags from `methodKind`, and serializers
 * backed by `toBinary` / `fromBinary`.
 */
export function createGrpcJsServiceDefinition(service: DescService): grpc.ServiceDefinition {
  const definition: Record<string, grpc.MethodDefinition<Message, Message>> = {};
  for (const method of service.methods) {
    definition[method.localName] = {
      path: grpcMethodPath(method),
      originalName: method.name,
      requestStream: method.methodKind === "client_streaming" || method.methodKind === "bidi_streaming",
      responseStream: method.methodKind === "server_streaming" || method.methodKind === "bidi_streaming",
      requestSerialize: createSerializer(method.input),
      requestDeserialize: createDeserializer(method.input),
      responseSerialize: createSerializer(method.output),
      responseDeserialize: createDeserializer(method.output),
    };
  }
  return definition;
}

/**
 * Adds a buf service with its typed implementation to a grpc-js server.
 * Equivalent to `server.addService(createGrpcJsServiceDefinition(service), implementation)`.
 */
export function addBufServiceToGrpcJsServer<S extends DescService>(
  server: grpc.Server,
  service: S,
  implementation: GrpcJsServiceImplementation<S>,
): void {
  server.addService(createGrpcJsServiceDefinition(service), implementation);
}
