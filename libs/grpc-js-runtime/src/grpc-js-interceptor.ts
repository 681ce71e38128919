import type { DescMethod } from "@bufbuild/protobuf";
import { ConnectError, type Code } from "@connectrpc/connect";
import * as grpc from "@grpc/grpc-js";
import { grpcStatusName } from "@switchyard/grpc-status";
import type { Logger } from "pino";
import {
  servedByHeader,
  effectiveTimeoutMs,
  requestWaitMs,
  shedCallMessage,
  type DeadlinePolicy,
  type InFlightCalls,
  isPlatformCall,
  type RequestValidator,
  callTraceIds,
  type CallTraceIds,
} from "@switchyard/service-runtime";
import { encodeGrpcStatusDetails, grpcStatusDetailsHeader } from "./grpc-status-details.js";

/**
 * The metadata key that carries the verified caller's subject to grpc-js handlers
 * (`call.metadata.get(callerSubjectKey)`). Set only by the runtime's auth interceptor from a
 * verified token: a value the client sent is removed first.
 */
export const callerSubjectKey = "x-switchyard-subject";

type StatusObject = Parameters<grpc.ServerInterceptingCall["sendStatus"]>[0];

const grpcJsCodes = Object.values(grpc.status).filter(
  (value): value is grpc.status => typeof value === "number",
);

/** The grpc-js status enum member of a connect `Code` (both are the canonical gRPC numbers). */
function grpcJsCode(code: Code): grpc.status {
  return grpcJsCodes.find((candidate) => candidate.valueOf() === code.valueOf()) ?? grpc.status.UNKNOWN;
}

/** A gRPC status for grpc-js from a ConnectError, with its details in `grpc-status-details-bin`. */
export function connectErrorToGrpcJsStatus(
  error: ConnectError,
  metadata = new grpc.Metadata(),
): StatusObject {
  if (error.details.length > 0) {
    metadata.set(grpcStatusDetailsHeader, Buffer.from(encodeGrpcStatusDetails(error)));
  }
  return { code: grpcJsCode(error.code), details: error.rawMessage, metadata };
}

/** Options for {@link createGrpcJsRuntimeInterceptor}. */
export interface GrpcJsRuntimeInterceptorOptions {
  readonly logger: Logger;
  readonly validator: RequestValidator;
  readonly inFlight: InFlightCalls;
  readonly deadlines: DeadlinePolicy;
  readonly instanceId: string;
  /** Descriptors of the served methods by gRPC path, for validation and deadline rules. */
  readonly methods: ReadonlyMap<string, DescMethod>;
}

/**
 * The grpc-js server interceptor of the service runtime (grpc-js ≥ 1.10):
 *
 * - load shedding: a call counts as in flight from its request message (client and
 *   bidi streams: from their headers); above the in-flight limit, RESOURCE_EXHAUSTED
 *   before the handler runs (health and reflection calls are exempt, see `isPlatformCall`);
 * - a call still waiting for its request (a stream: its first message) ends
 *   DEADLINE_EXCEEDED at its deadline, or the default one when it has none;
 * - deadlines: a timer enforces the default (unary calls without one) and the cap;
 * - protovalidate on every request message → INVALID_ARGUMENT with BadRequest details;
 * - the single place where an unknown throwable becomes INTERNAL: grpc-js turns
 *   an error without a gRPC code into UNKNOWN carrying the error's message,
 *   which this interceptor replaces by INTERNAL `internal error`, logging the detail;
 * - `x-served-by` in the response headers, or in the trailers of a Trailers-Only answer;
 * - one JSON log line per call.
 */
export function createGrpcJsRuntimeInterceptor(
  options: GrpcJsRuntimeInterceptorOptions,
): grpc.ServerInterceptor {
  const { logger, validator, inFlight, deadlines, instanceId, methods } = options;
  return (methodDefinition, call) => {
    const path = methodDefinition.path;
    const method = methods.get(path);
    const started = performance.now();
    let release: (() => void) | undefined;
    let metadataSent = false;
    let ended = false;
    let deadlineTimer: NodeJS.Timeout | undefined;
    let requestTimer: NodeJS.Timeout | undefined;
    let traceIds: CallTraceIds = {};
    // The metadata passed on: the auth interceptor inside adds the verified caller's subject to it.
    let received: grpc.Metadata | undefined;

    const admitOnMessage = method?.methodKind === "unary" || method?.methodKind === "server_streaming";
    /** Counts the call in flight, or sheds it; false when shed. */
    const admit = (): boolean => {
      release = isPlatformCall(path) ? () => undefined : inFlight.tryAdmit();
      if (release !== undefined) return true;
      logger.warn({ method: path, inFlight: inFlight.count }, "call shed: too many calls in flight");
      intercepted.sendStatus({
        code: grpc.status.RESOURCE_EXHAUSTED,
        details: shedCallMessage,
      });
      return false;
    };

    const end = (code: grpc.status): void => {
      if (ended) return;
      ended = true;
      clearTimeout(deadlineTimer);
      clearTimeout(requestTimer);
      release?.();
      const [subject] = received?.get(callerSubjectKey) ?? [];
      logCall(logger, call, {
        path,
        code,
        started,
        traceIds,
        subject: typeof subject === "string" ? subject : undefined,
      });
    };

    const intercepted: grpc.ServerInterceptingCall = new grpc.ServerInterceptingCall(call, {
      start(next) {
        next({
          onReceiveMetadata(metadata, nextMetadata) {
            received = metadata;
            const traceparent = metadata.get("traceparent")[0];
            traceIds = callTraceIds(typeof traceparent === "string" ? traceparent : undefined);
            // Unary and server-streaming calls are counted once their request message has
            // arrived (grpc-js runs their handler only then), so headers without a body hold no
            // slot; client and bidi streams now, since grpc-js starts their handler at once.
            if (!admitOnMessage && !admit()) return;
            if (method !== undefined) {
              const expire = (): void => {
                intercepted.sendStatus({ code: grpc.status.DEADLINE_EXCEEDED, details: "deadline exceeded" });
              };
              deadlineTimer = startDeadlineTimer(call, method, deadlines, expire);
              requestTimer = startRequestTimer(call, method, deadlines, expire);
            }
            nextMetadata(metadata);
          },
          onReceiveMessage(message, nextMessage) {
            clearTimeout(requestTimer);
            if (ended) return;
            if (release === undefined && !admit()) return;
            if (method !== undefined) {
              const error = validator.check(method.input, message as never);
              if (error !== undefined) {
                intercepted.sendStatus(connectErrorToGrpcJsStatus(error));
                return;
              }
            }
            nextMessage(message);
          },
          onReceiveHalfClose(next) {
            if (!ended) next();
          },
          onCancel() {
            end(grpc.status.CANCELLED);
          },
        });
      },
      sendMetadata(metadata, next) {
        metadataSent = true;
        metadata.set(servedByHeader, instanceId);
        next(metadata);
      },
      sendStatus(status, next) {
        if (ended) return;
        let answer = internalForUnknown(malformedRequestStatus(status), logger, path);
        if (!metadataSent) {
          const metadata = answer.metadata?.clone() ?? new grpc.Metadata();
          metadata.set(servedByHeader, instanceId);
          answer = { ...answer, metadata };
        }
        end(answer.code);
        next(answer);
      },
    });
    return intercepted;
  };
}

/** Writes a call's log line: ERROR for INTERNAL, UNKNOWN and DATA_LOSS, INFO otherwise. */
function logCall(
  logger: Logger,
  call: grpc.ServerInterceptingCallInterface,
  ended: {
    path: string;
    code: grpc.status;
    started: number;
    traceIds: CallTraceIds;
    subject: string | undefined;
  },
): void {
  const { remoteAddress, remotePort } = call.getConnectionInfo();
  const line = {
    method: ended.path,
    code: grpcStatusName(ended.code),
    durationMs: Math.round((performance.now() - ended.started) * 1000) / 1000,
    peer: `${remoteAddress ?? "unknown"}:${remotePort ?? 0}`,
    ...(ended.subject === undefined ? {} : { subject: ended.subject }),
    ...ended.traceIds,
  };
  const failed = [grpc.status.INTERNAL, grpc.status.UNKNOWN, grpc.status.DATA_LOSS].includes(ended.code);
  if (failed) logger.error(line, "call");
  else logger.info(line, "call");
}

/**
 * Ends a call with DEADLINE_EXCEEDED (through `expire`) when the runtime's deadline policy
 * gives it less time than the client asked for (or a deadline where it asked for none);
 * returns the timer, or undefined when the client's own deadline applies.
 */
function startDeadlineTimer(
  call: grpc.ServerInterceptingCallInterface,
  method: DescMethod,
  deadlines: DeadlinePolicy,
  expire: () => void,
): NodeJS.Timeout | undefined {
  const deadline = call.getDeadline();
  const deadlineMs = deadline instanceof Date ? deadline.getTime() : deadline;
  const requested = Number.isFinite(deadlineMs) ? Math.max(0, deadlineMs - Date.now()) : undefined;
  const effective = effectiveTimeoutMs(method, requested, deadlines);
  return effective !== undefined && effective !== requested ? setTimeout(expire, effective) : undefined;
}

/**
 * Ends a streaming call with DEADLINE_EXCEEDED (through `expire`) when its first request
 * message has not arrived within {@link requestWaitMs} and no earlier deadline applies: a
 * client that opens a stream and sends nothing holds its in-flight slot only that long.
 * Cleared by the first message. Unary calls have their whole deadline enforced already.
 */
function startRequestTimer(
  call: grpc.ServerInterceptingCallInterface,
  method: DescMethod,
  deadlines: DeadlinePolicy,
  expire: () => void,
): NodeJS.Timeout | undefined {
  if (method.methodKind === "unary") return undefined;
  const deadline = call.getDeadline();
  const deadlineMs = deadline instanceof Date ? deadline.getTime() : deadline;
  const requested = Number.isFinite(deadlineMs) ? Math.max(0, deadlineMs - Date.now()) : undefined;
  const waitMs = requestWaitMs(requested, deadlines);
  return requested === undefined || waitMs < requested ? setTimeout(expire, waitMs) : undefined;
}

// grpc-js's words (server-interceptors.ts) for a request stream that ended without one whole message.
const requestCountFailure = /^Received (no|a second) request message for /;

/**
 * A truncated frame answered as connect-node answers it: grpc-js says UNIMPLEMENTED (or
 * INTERNAL, calling a unary method a "server streaming method"); this is INTERNAL with a
 * true message.
 */
function malformedRequestStatus(status: StatusObject): StatusObject {
  if (requestCountFailure.test(status.details)) {
    const none = status.details.startsWith("Received no");
    return {
      ...status,
      code: grpc.status.INTERNAL,
      details: none
        ? "request ended without a complete message (truncated frame)"
        : "more than one request message for a method that takes one",
    };
  }
  return status;
}

/**
 * The status to send: grpc-js turns an error without a gRPC code into UNKNOWN with the
 * error's message; that becomes INTERNAL `internal error`, the detail going to the log only.
 */
function internalForUnknown(status: StatusObject, logger: Logger, path: string): StatusObject {
  if (status.code !== grpc.status.UNKNOWN) return status;
  logger.error(
    { method: path, err: { message: status.details } },
    "handler failed with an unexpected error; answered INTERNAL",
  );
  return { code: grpc.status.INTERNAL, details: "internal error", metadata: status.metadata ?? null };
}

/** Whether `error` already is a gRPC error grpc-js can send as is. */
function isGrpcJsServiceError(error: unknown): boolean {
  if (typeof error !== "object" || error === null || !("code" in error)) return false;
  const code = error.code;
  return typeof code === "number" && Number.isInteger(code) && code >= 0 && code <= 16;
}

/**
 * What a grpc-js handler failure is sent as: ConnectErrors become their gRPC
 * status (details included), gRPC service errors pass, and anything else is
 * handed to grpc-js unchanged, which answers UNKNOWN, turned into INTERNAL by
 * {@link createGrpcJsRuntimeInterceptor}.
 */
export function toGrpcJsServiceError(error: unknown): Partial<grpc.StatusObject> | Error {
  if (error instanceof ConnectError) {
    const status = connectErrorToGrpcJsStatus(error);
    return Object.assign(new Error(status.details), status);
  }
  if (isGrpcJsServiceError(error) || error instanceof Error) return error as Error;
  return new Error(String(error));
}
