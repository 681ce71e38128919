import { connect, constants, type ClientHttp2Session, type SecureClientSessionOptions } from "node:http2";

/** Where to send raw gRPC requests. */
export interface GrpcEndpoint {
  /** `http://host:port` (h2c) or `https://host:port` (TLS, ALPN h2). */
  readonly url: string;
  /** TLS only: the name to verify and send as SNI, when it differs from the URL's host. */
  readonly servername?: string;
  /** TLS only: accept any certificate (self-signed test endpoints). Default false. */
  readonly insecure?: boolean;
}

/** How one raw call ended. */
export interface RawGrpcOutcome {
  /** HTTP status of the response headers (undefined when none arrived). */
  readonly httpStatus: number | undefined;
  /** grpc-status from the headers (Trailers-Only) or trailers; undefined when the stream was cut first. */
  readonly grpcStatus: number | undefined;
  /** True when the server answered with a gRPC response (content-type application/grpc). */
  readonly grpcResponse: boolean;
  /** True when the call was still open (a stream) when it was cancelled after `streamWaitMs`. */
  readonly stillStreaming: boolean;
}

/** Options for {@link sendRawGrpcCall}. */
export interface RawGrpcCallOptions {
  /** The request message bytes; default empty (every field at its default). */
  readonly message?: Uint8Array;
  /** Cancel a call that is still open after this long (a server stream). Default 500 ms. */
  readonly streamWaitMs?: number;
  /** Give up entirely after this long. Default 10 000 ms. */
  readonly timeoutMs?: number;
}

function grpcFrame(message: Uint8Array): Buffer {
  const frame = Buffer.alloc(5 + message.length);
  frame.writeUInt32BE(message.length, 1);
  frame.set(message, 5);
  return frame;
}

/**
 * Opens an HTTP/2 session to `endpoint`, runs `use`, and closes the session
 * whatever happens.
 */
export async function withHttp2Session<T>(
  endpoint: GrpcEndpoint,
  use: (session: ClientHttp2Session) => Promise<T>,
): Promise<T> {
  const url = new URL(endpoint.url);
  const tlsOptions: SecureClientSessionOptions =
    url.protocol === "https:"
      ? {
          ...(endpoint.servername === undefined ? {} : { servername: endpoint.servername }),
          rejectUnauthorized: endpoint.insecure !== true,
        }
      : {};
  const session = connect(url.origin, tlsOptions);
  try {
    await new Promise<void>((resolve, reject) => {
      session.once("connect", () => {
        resolve();
      });
      session.once("error", reject);
    });
    return await use(session);
  } finally {
    await new Promise<void>((resolve) => {
      session.close(() => {
        resolve();
      });
    });
  }
}

/**
 * Sends one gRPC request the way a load balancer or a client would, over an
 * existing HTTP/2 session: `POST path` with `content-type: application/grpc`,
 * `te: trailers` and one length-prefixed message (empty by default), and reports
 * how the server answered. Works for every call type: a stream that is still
 * open after `streamWaitMs` is cancelled and reported as `stillStreaming`.
 */
export function sendRawGrpcCall(
  session: ClientHttp2Session,
  path: string,
  options: RawGrpcCallOptions = {},
): Promise<RawGrpcOutcome> {
  return new Promise((resolve, reject) => {
    const stream = session.request({
      [constants.HTTP2_HEADER_METHOD]: "POST",
      [constants.HTTP2_HEADER_PATH]: path,
      [constants.HTTP2_HEADER_CONTENT_TYPE]: "application/grpc",
      te: "trailers",
    });
    let httpStatus: number | undefined;
    let grpcStatus: number | undefined;
    let grpcResponse = false;
    let settled = false;
    const finish = (stillStreaming: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(streamTimer);
      clearTimeout(overallTimer);
      if (!stream.closed) stream.close(constants.NGHTTP2_CANCEL);
      resolve({ httpStatus, grpcStatus, grpcResponse, stillStreaming });
    };
    const readStatus = (headers: Record<string, unknown>): void => {
      const status = headers["grpc-status"];
      if (typeof status === "string") grpcStatus = Number(status);
    };
    stream.on("response", (headers) => {
      httpStatus = Number(headers[constants.HTTP2_HEADER_STATUS]);
      grpcResponse = String(headers[constants.HTTP2_HEADER_CONTENT_TYPE] ?? "").startsWith(
        "application/grpc",
      );
      readStatus(headers);
    });
    stream.on("trailers", readStatus);
    stream.on("data", () => {
      // Messages are not decoded; reading keeps flow control moving.
    });
    stream.on("close", () => {
      finish(false);
    });
    stream.on("error", (error: Error) => {
      if (!settled) {
        settled = true;
        clearTimeout(streamTimer);
        clearTimeout(overallTimer);
        reject(error);
      }
    });
    const streamTimer = setTimeout(() => {
      if (httpStatus !== undefined && grpcStatus === undefined) finish(true);
    }, options.streamWaitMs ?? 500);
    const overallTimer = setTimeout(() => {
      finish(false);
    }, options.timeoutMs ?? 10_000);
    stream.end(grpcFrame(options.message ?? new Uint8Array()));
  });
}
