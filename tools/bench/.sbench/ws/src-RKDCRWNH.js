import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  addBufServiceToGrpcJsServer,
  createGrpcJsClient,
  createGrpcJsServiceDefinition,
  grpcJsRequestErrorInterceptor,
  grpcMethodPath
} from "./chunk-Q3SKMBAW.js";
export {
  addBufServiceToGrpcJsServer,
  createGrpcJsClient,
  createGrpcJsServiceDefinition,
  grpcJsRequestErrorInterceptor,
  grpcMethodPath
};
