import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  toBinary
} from "./chunk-LD7XTO7C.js";
import {
  create,
  fromBinary
} from "./chunk-2ADPCLTS.js";
import {
  require_src
} from "./chunk-TATA7I22.js";
import {
  __toESM
} from "./chunk-V4RWK56N.js";

// libs/grpc-js-adapter/src/message-serialization.ts
function createSerializer(schema) {
  return (value) => {
    const bytes = toBinary(schema, create(schema, value));
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  };
}
function createDeserializer(schema) {
  return (bytes) => fromBinary(schema, bytes);
}

// libs/grpc-js-adapter/src/grpc-js-service-definition.ts
function grpcMethodPath(method) {
  return `/${method.parent.typeName}/${method.name}`;
}
function createGrpcJsServiceDefinition(service) {
  const definition = {};
  for (const method of service.methods) {
    definition[method.localName] = {
      path: grpcMethodPath(method),
      originalName: method.name,
      requestStream: method.methodKind === "client_streaming" || method.methodKind === "bidi_streaming",
      responseStream: method.methodKind === "server_streaming" || method.methodKind === "bidi_streaming",
      requestSerialize: createSerializer(method.input),
      requestDeserialize: createDeserializer(method.input),
      responseSerialize: createSerializer(method.output),
      responseDeserialize: createDeserializer(method.output)
    };
  }
  return definition;
}
function addBufServiceToGrpcJsServer(server, service, implementation) {
  server.addService(createGrpcJsServiceDefinition(service), implementation);
}

// libs/grpc-js-adapter/src/grpc-js-client.ts
var grpc = __toESM(require_src(), 1);
var reservedNames = /* @__PURE__ */ new Set(["grpcClient", "close"]);
function prepareCall(call, options) {
  if (options?.onHeader) call.on("metadata", options.onHeader);
  if (options?.onStatus) call.on("status", options.onStatus);
  const signal = options?.signal;
  if (signal) {
    if (signal.aborted) call.cancel();
    else {
      const onAbort = () => {
        call.cancel();
      };
      signal.addEventListener("abort", onAbort, { once: true });
      call.on("status", () => {
        signal.removeEventListener("abort", onAbort);
      });
    }
  }
}
function grpcOptions(options) {
  const callOptions = { ...options?.callOptions };
  if (options?.deadline !== void 0) callOptions.deadline = options.deadline;
  return callOptions;
}
function createMethod(client, method) {
  const path = grpcMethodPath(method);
  const serialize = createSerializer(method.input);
  const deserialize = createDeserializer(method.output);
  const metadataOf = (options) => options?.metadata ?? new grpc.Metadata();
  switch (method.methodKind) {
    case "unary":
      return (request, options) => new Promise((resolve, reject) => {
        const call = client.makeUnaryRequest(
          path,
          serialize,
          deserialize,
          request,
          metadataOf(options),
          grpcOptions(options),
          (error, response) => {
            if (error) reject(error);
            else if (response === void 0) reject(new Error(`${path}: no response`));
            else resolve(response);
          }
        );
        prepareCall(call, options);
      });
    case "server_streaming":
      return (request, options) => {
        const call = client.makeServerStreamRequest(
          path,
          serialize,
          deserialize,
          request,
          metadataOf(options),
          grpcOptions(options)
        );
        prepareCall(call, options);
        return call;
      };
    case "client_streaming":
      return (options) => {
        let call;
        const response = new Promise((resolve, reject) => {
          call = client.makeClientStreamRequest(
            path,
            serialize,
            deserialize,
            metadataOf(options),
            grpcOptions(options),
            (error, value) => {
              if (error) reject(error);
              else if (value === void 0) reject(new Error(`${path}: no response`));
              else resolve(value);
            }
          );
        });
        response.catch(() => void 0);
        if (call === void 0) throw new Error("unreachable: the promise executor runs synchronously");
        prepareCall(call, options);
        return { call, response };
      };
    case "bidi_streaming":
      return (options) => {
        const call = client.makeBidiStreamRequest(
          path,
          serialize,
          deserialize,
          metadataOf(options),
          grpcOptions(options)
        );
        prepareCall(call, options);
        return call;
      };
  }
}
function createGrpcJsClient(service, address, credentials, options) {
  const grpcClient = new grpc.Client(address, credentials, options);
  const client = {
    grpcClient,
    close: () => {
      grpcClient.close();
    }
  };
  for (const method of service.methods) {
    if (reservedNames.has(method.localName)) {
      grpcClient.close();
      throw new Error(`${method.toString()}: the name "${method.localName}" is reserved by GrpcJsClient`);
    }
    client[method.localName] = createMethod(grpcClient, method);
  }
  return client;
}

// libs/grpc-js-adapter/src/grpc-js-request-error-interceptor.ts
var grpc2 = __toESM(require_src(), 1);
var requestCountFailure = /^Received (no|a second) request message for /;
var grpcJsRequestErrorInterceptor = (_method, call) => new grpc2.ServerInterceptingCall(call, {
  sendStatus(status2, next) {
    if (status2.code === grpc2.status.UNIMPLEMENTED && requestCountFailure.test(status2.details)) {
      next({ ...status2, code: grpc2.status.INTERNAL });
      return;
    }
    next(status2);
  }
});

export {
  grpcMethodPath,
  createGrpcJsServiceDefinition,
  addBufServiceToGrpcJsServer,
  createGrpcJsClient,
  grpcJsRequestErrorInterceptor
};
