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
} from "./chunk-ZWAUZSEP.js";
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
