import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  BidiStreamRequestSchema,
  BidiStreamResponseSchema,
  ClientStreamRequestSchema,
  ClientStreamResponseSchema,
  EchoRequestSchema,
  EchoResponseSchema,
  EchoService,
  ServerStreamRequestSchema,
  ServerStreamResponseSchema,
  file_switchyard_testing_v1_echo_service
} from "./chunk-Q4V2KDDM.js";
import "./chunk-2ADPCLTS.js";
import "./chunk-V4RWK56N.js";
export {
  BidiStreamRequestSchema,
  BidiStreamResponseSchema,
  ClientStreamRequestSchema,
  ClientStreamResponseSchema,
  EchoRequestSchema,
  EchoResponseSchema,
  EchoService,
  ServerStreamRequestSchema,
  ServerStreamResponseSchema,
  file_switchyard_testing_v1_echo_service
};
