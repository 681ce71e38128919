import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  Http2SessionManager,
  compressionBrotli,
  compressionGzip,
  connectNodeAdapter,
  createConnectTransport,
  createGrpcTransport,
  createGrpcWebTransport,
  createNodeHttpClient,
  universalRequestFromNodeRequest,
  universalResponseToNodeResponse
} from "./chunk-LRHZ3NGA.js";
import "./chunk-CVCHGLIU.js";
import "./chunk-LD7XTO7C.js";
import "./chunk-2ADPCLTS.js";
import "./chunk-V4RWK56N.js";
export {
  Http2SessionManager,
  compressionBrotli,
  compressionGzip,
  connectNodeAdapter,
  createConnectTransport,
  createGrpcTransport,
  createGrpcWebTransport,
  createNodeHttpClient,
  universalRequestFromNodeRequest,
  universalResponseToNodeResponse
};
