/**
 * Serve and call buf-generated services (`@bufbuild/protobuf` v2) with
 * `@grpc/grpc-js`, without proto-loader or hand-written serializers.
 */
export {
  addBufServiceToGrpcJsServer,
  createGrpcJsServiceDefinition,
  grpcMethodPath,
  type GrpcJsAsyncMethodHandler,
  type GrpcJsAsyncServiceImplementation,
  type GrpcJsMethodHandler,
  type GrpcJsServiceImplementation,
} from "./grpc-js-service-definition.js";
export {
  createGrpcJsClient,
  type GrpcJsBidiStreamingMethod,
  type GrpcJsCallOptions,
  type GrpcJsClient,
  type GrpcJsClientMethod,
  type GrpcJsClientStreamingCall,
  type GrpcJsClientStreamingMethod,
  type GrpcJsDuplexStream,
  type GrpcJsResponseStream,
  type GrpcJsServerStreamingMethod,
  type GrpcJsUnaryMethod,
} from "./grpc-js-client.js";
export { grpcJsRequestErrorInterceptor } from "./grpc-js-request-error-interceptor.js";
