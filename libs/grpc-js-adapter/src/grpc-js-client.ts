import type {
  DescMessage,
  DescMethod,
  DescService,
  MessageInitShape,
  MessageShape,
} from "@bufbuild/protobuf";
import * as grpc from "@grpc/grpc-js";
import { grpcMethodPath } from "./grpc-js-service-definition.js";
import { createDeserializer, createSerializer } from "./message-serialization.js";

/** Per-call options of a {@link GrpcJsClient} method. */
export interface GrpcJsCallOptions {
  /** When the call fails with DEADLINE_EXCEEDED; none by default. */
  readonly deadline?: grpc.Deadline;
  /** Further grpc-js call options (credentials, propagation, interceptors). */
  readonly callOptions?: grpc.CallOptions;
  /** Request metadata (headers); none by default. */
  readonly metadata?: grpc.Metadata;
  /** Cancels the call (status CANCELLED) when aborted. */
  readonly signal?: AbortSignal;
  /** Called with the response headers, when they arrive. */
  readonly onHeader?: (metadata: grpc.Metadata) => void;
  /** Called with the final status and trailers. */
  readonly onStatus?: (status: grpc.StatusObject) => void;
}

/** A unary method: resolves with the response, rejects with a grpc-js `ServiceError`. */
export type GrpcJsUnaryMethod<I extends DescMessage, O extends DescMessage> = (
  request: MessageInitShape<I>,
  options?: GrpcJsCallOptions,
) => Promise<MessageShape<O>>;

/**
 * A grpc-js response stream whose async iteration is typed (grpc-js types it
 * as `any`): `for await (const response of stream)`.
 */
export type GrpcJsResponseStream<O> = Omit<grpc.ClientReadableStream<O>, typeof Symbol.asyncIterator> &
  AsyncIterable<O>;

/** A grpc-js bidi stream whose async iteration over responses is typed. */
export type GrpcJsDuplexStream<I, O> = Omit<grpc.ClientDuplexStream<I, O>, typeof Symbol.asyncIterator> &
  AsyncIterable<O>;

/** A server-streaming method: the returned stream is also an async iterable of responses. */
export type GrpcJsServerStreamingMethod<I extends DescMessage, O extends DescMessage> = (
  request: MessageInitShape<I>,
  options?: GrpcJsCallOptions,
) => GrpcJsResponseStream<MessageShape<O>>;

/** A client-streaming call: write requests to `call`, end it, await `response`. */
export interface GrpcJsClientStreamingCall<I extends DescMessage, O extends DescMessage> {
  /** Writable side: `write()` each request, then `end()`. */
  readonly call: grpc.ClientWritableStream<MessageInitShape<I>>;
  /** The single response; rejects with a grpc-js `ServiceError`. */
  readonly response: Promise<MessageShape<O>>;
}

/** A client-streaming method. */
export type GrpcJsClientStreamingMethod<I extends DescMessage, O extends DescMessage> = (
  options?: GrpcJsCallOptions,
) => GrpcJsClientStreamingCall<I, O>;

/** A bidi-streaming method: write requests, read (or async-iterate) responses. */
export type GrpcJsBidiStreamingMethod<I extends DescMessage, O extends DescMessage> = (
  options?: GrpcJsCallOptions,
) => GrpcJsDuplexStream<MessageInitShape<I>, MessageShape<O>>;

/** The client method for one buf method, typed from its descriptor. */
export type GrpcJsClientMethod<M> = M extends {
  readonly methodKind: infer Kind;
  readonly input: infer I extends DescMessage;
  readonly output: infer O extends DescMessage;
}
  ? Kind extends "unary"
    ? GrpcJsUnaryMethod<I, O>
    : Kind extends "server_streaming"
      ? GrpcJsServerStreamingMethod<I, O>
      : Kind extends "client_streaming"
        ? GrpcJsClientStreamingMethod<I, O>
        : Kind extends "bidi_streaming"
          ? GrpcJsBidiStreamingMethod<I, O>
          : never
  : never;

/**
 * A typed grpc-js client of a buf service: one method per rpc, keyed by
 * `localName`, plus `close()` and the underlying `grpcClient` (for
 * `waitForReady`, `getChannel`).
 */
export type GrpcJsClient<S extends DescService> = {
  readonly [K in keyof S["method"]]: GrpcJsClientMethod<S["method"][K]>;
} & {
  /** The grpc-js client every call goes through. */
  readonly grpcClient: grpc.Client;
  /** Closes the channel; calls in flight are cancelled. */
  close(): void;
};

const reservedNames = new Set(["grpcClient", "close"]);

function prepareCall(call: grpc.ClientUnaryCall | grpc.Call, options: GrpcJsCallOptions | undefined): void {
  if (options?.onHeader) call.on("metadata", options.onHeader);
  if (options?.onStatus) call.on("status", options.onStatus);
  const signal = options?.signal;
  if (signal) {
    if (signal.aborted) call.cancel();
    else {
      const onAbort = (): void => {
        call.cancel();
      };
      signal.addEventListener("abort", onAbort, { once: true });
      call.on("status", () => {
        signal.removeEventListener("abort", onAbort);
      });
    }
  }
}

function grpcOptions(options: GrpcJsCallOptions | undefined): grpc.CallOptions {
  const callOptions: grpc.CallOptions = { ...options?.callOptions };
  if (options?.deadline !== undefined) callOptions.deadline = options.deadline;
  return callOptions;
}

function createMethod(client: grpc.Client, method: DescMethod): unknown {
  const path = grpcMethodPath(method);
  const serialize = createSerializer(method.input);
  const deserialize = createDeserializer(method.output);
  const metadataOf = (options: GrpcJsCallOptions | undefined): grpc.Metadata =>
    options?.metadata ?? new grpc.Metadata();
  switch (method.methodKind) {
    case "unary":
      return (request: MessageInitShape<DescMessage>, options?: GrpcJsCallOptions) =>
        new Promise<MessageShape<DescMessage>>((resolve, reject) => {
          const call = client.makeUnaryRequest(
            path,
            serialize,
            deserialize,
            request,
            metadataOf(options),
            grpcOptions(options),
            (error, response) => {
              if (error) reject(error);
              else if (response === undefined) reject(new Error(`${path}: no response`));
              else resolve(response);
            },
          );
          prepareCall(call, options);
        });
    case "server_streaming":
      return (request: MessageInitShape<DescMessage>, options?: GrpcJsCallOptions) => {
        const call = client.makeServerStreamRequest(
          path,
          serialize,
          deserialize,
          request,
          metadataOf(options),
          grpcOptions(options),
        );
        prepareCall(call, options);
        return call;
      };
    case "client_streaming":
      return (options?: GrpcJsCallOptions) => {
        let call: grpc.ClientWritableStream<MessageInitShape<DescMessage>> | undefined;
        const response = new Promise<MessageShape<DescMessage>>((resolve, reject) => {
          call = client.makeClientStreamRequest(
            path,
            serialize,
            deserialize,
            metadataOf(options),
            grpcOptions(options),
            (error, value) => {
              if (error) reject(error);
              else if (value === undefined) reject(new Error(`${path}: no response`));
              else resolve(value);
            },
          );
        });
        // A caller that only cares about the stream's errors must not see an unhandled rejection.
        response.catch(() => undefined);
        if (call === undefined) throw new Error("unreachable: the promise executor runs synchronously");
        prepareCall(call, options);
        return { call, response };
      };
    case "bidi_streaming":
      return (options?: GrpcJsCallOptions) => {
        const call = client.makeBidiStreamRequest(
          path,
          serialize,
          deserialize,
          metadataOf(options),
          grpcOptions(options),
        );
        prepareCall(call, options);
        return call;
      };
  }
}

/**
 * Creates a typed grpc-js client for a buf service.
 *
 * @param service the generated service descriptor, e.g. `EchoService`
 * @param address a grpc-js target, e.g. `127.0.0.1:50051` or `dns:///catalog:50051`
 * @param credentials `grpc.credentials.createInsecure()` for h2c, `createSsl()` for TLS
 * @param options grpc-js channel options (`grpc.service_config`, keepalive, interceptors, ...)
 *
 * Unary methods return promises; streaming methods return grpc-js streams.
 * Requests may be messages or plain init objects.
 */
export function createGrpcJsClient<S extends DescService>(
  service: S,
  address: string,
  credentials: grpc.ChannelCredentials,
  options?: grpc.ClientOptions,
): GrpcJsClient<S> {
  const grpcClient = new grpc.Client(address, credentials, options);
  const client: Record<string, unknown> = {
    grpcClient,
    close: () => {
      grpcClient.close();
    },
  };
  for (const method of service.methods) {
    if (reservedNames.has(method.localName)) {
      grpcClient.close();
      throw new Error(`${method.toString()}: the name "${method.localName}" is reserved by GrpcJsClient`);
    }
    client[method.localName] = createMethod(grpcClient, method);
  }
  return client as GrpcJsClient<S>;
}
