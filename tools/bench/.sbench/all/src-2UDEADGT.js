import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  addBufServiceToGrpcJsServer,
  createGrpcJsClient,
  createGrpcJsServiceDefinition,
  grpcJsRequestErrorInterceptor,
  grpcMethodPath
} from "./chunk-XKD263EO.js";
import "./chunk-LD7XTO7C.js";
import "./chunk-2ADPCLTS.js";
import "./chunk-TATA7I22.js";
import "./chunk-V4RWK56N.js";
export {
  addBufServiceToGrpcJsServer,
  createGrpcJsClient,
  createGrpcJsServiceDefinition,
  grpcJsRequestErrorInterceptor,
  grpcMethodPath
};
