import { grpcFrame, sendRawGrpcCall, withHttp2Session } from "@switchyard/grpc-wire";

/** One malformed request body and what it is meant to break. */
export interface MalformedGrpcRequest {
  /** Short name for test output, e.g. "truncated frame". */
  readonly name: string;
  /** The raw HTTP/2 request body. */
  readonly body: Uint8Array;
}

/** What the server answered to one {@link MalformedGrpcRequest}. */
export interface MalformedGrpcOutcome {
  /** The gRPC method path, e.g. `/pkg.Service/Method`. */
  readonly path: string;
  /** {@link MalformedGrpcRequest.name}. */
  readonly request: string;
  /** The HTTP status of the response (200 for every gRPC answer). */
  readonly httpStatus: number | undefined;
  /** `grpc-status` from the trailers, or the headers of a Trailers-Only answer; undefined when absent. */
  readonly grpcStatus: number | undefined;
  /** `grpc-message`, percent-decoded; empty when absent. */
  readonly grpcMessage: string;
}

/** Options for {@link sendMalformedGrpcRequests}. */
export interface SendMalformedGrpcRequestsOptions {
  /** `http://127.0.0.1:<port>` of an h2c gRPC server. */
  readonly baseUrl: string;
  /** Method paths to send every request to, e.g. `/switchyard.catalog.v1.CatalogService/GetProduct`. */
  readonly paths: readonly string[];
  /** Bodies to send; defaults to {@link createMalformedGrpcRequests}`()`. */
  readonly requests?: readonly MalformedGrpcRequest[];
  /** Longest wait for one answer before the call is reported without a status. Default 5 000 ms. */
  readonly timeoutMs?: number;
}

/** A small deterministic PRNG (mulberry32), so a failing fuzz case can be replayed from its seed. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function frame(flags: number, declaredLength: number, payload: Uint8Array): Uint8Array {
  return grpcFrame(payload, { flags, declaredLength });
}

/**
 * Request bodies no correct client sends, each of which a gRPC server must
 * answer with an error status (never a crash, a hang or a reset without a
 * status):
 *
 * - random bytes with an invalid frame flag,
 * - a well-framed message whose payload is not protobuf (an illegal tag, then random bytes),
 * - a frame claiming more bytes than follow (truncated),
 * - a frame header cut short,
 * - a frame flagged compressed without a `grpc-encoding`,
 * - a whole message of `oversizedBytes` (default 4 MiB + 1 KiB, just above
 *   gRPC's default 4 MiB receive limit),
 * - a frame header declaring 2 GiB, followed by a few bytes.
 *
 * Seeded, so the same seed always builds the same bodies.
 */
export function createMalformedGrpcRequests(
  options: { readonly seed?: number; readonly oversizedBytes?: number } = {},
): MalformedGrpcRequest[] {
  const random = createRandom(options.seed ?? 0x5eed);
  const randomBytes = (length: number): Uint8Array =>
    Uint8Array.from({ length }, () => Math.floor(random() * 256));
  // Random bytes behind a frame header whose flags are invalid (only 0, plain, and 1, compressed, exist).
  const unframed = frame(0x40 | Math.floor(random() * 64), 59, randomBytes(59));
  // Field number 0 is illegal in every protobuf message, so no decoder can accept this.
  const notProtobuf = Uint8Array.from([0x07, ...randomBytes(31)]);
  const oversized = options.oversizedBytes ?? 4 * 1024 * 1024 + 1024;
  return [
    { name: "random bytes", body: unframed },
    { name: "random payload in a valid frame", body: frame(0, notProtobuf.length, notProtobuf) },
    { name: "truncated frame", body: frame(0, 100, randomBytes(10)) },
    { name: "truncated frame header", body: Uint8Array.from([0, 0, 0]) },
    { name: "compressed flag without grpc-encoding", body: frame(1, 4, randomBytes(4)) },
    { name: "oversized message", body: frame(0, oversized, new Uint8Array(oversized)) },
    { name: "oversized length prefix", body: frame(0, 0x7fffffff, randomBytes(16)) },
  ];
}

/**
 * Sends every malformed request to every path over raw HTTP/2 (no gRPC
 * library on the client side, so nothing filters what reaches the server) and
 * reports what came back. One connection per request, so a server that resets
 * a connection cannot hide the answers to later requests. Bounded: each
 * request waits at most `timeoutMs`.
 */
export async function sendMalformedGrpcRequests(
  options: SendMalformedGrpcRequestsOptions,
): Promise<MalformedGrpcOutcome[]> {
  const requests = options.requests ?? createMalformedGrpcRequests();
  const outcomes: MalformedGrpcOutcome[] = [];
  for (const path of options.paths) {
    for (const request of requests) {
      const outcome = await withHttp2Session({ url: options.baseUrl }, (session) =>
        sendRawGrpcCall(session, path, { body: request.body, timeoutMs: options.timeoutMs ?? 5000 }),
      );
      const { httpStatus, grpcStatus, grpcMessage } = outcome;
      outcomes.push({ path, request: request.name, httpStatus, grpcStatus, grpcMessage });
    }
  }
  return outcomes;
}
