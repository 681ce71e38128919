import {
  connect,
  constants,
  type ClientHttp2Session,
  type IncomingHttpHeaders,
  type SecureClientSessionOptions,
} from "node:http2";
import { grpcFrame } from "./grpc-frame.js";

/** Where to send raw gRPC requests. */
export interface GrpcEndpoint {
  /** `http://host:port` (h2c) or `https://host:port` (TLS, ALPN h2). */
  readonly url: string;
  /** TLS only: the name to verify and send as SNI, when it differs from the URL's host. */
  readonly servername?: string;
  /** TLS only: accept any certificate (self-signed test endpoints). Default false. */
  readonly insecure?: boolean;
}

/** How one raw call ended, as it was framed on the wire. */
export interface RawGrpcOutcome {
  /** HTTP status of the response headers (undefined when none arrived). */
  readonly httpStatus: number | undefined;
  /** grpc-status from the headers (Trailers-Only) or trailers; undefined when the stream was cut first. */
  readonly grpcStatus: number | undefined;
  /** grpc-message, percent-decoded; "" when there was none. */
  readonly grpcMessage: string;
  /** True when the server answered with a gRPC response (content-type application/grpc). */
  readonly grpcResponse: boolean;
  /** True when the call was still open (a stream) when it was cancelled after `streamWaitMs`. */
  readonly stillStreaming: boolean;
  /** The response HEADERS block; undefined when none arrived. */
  readonly headers: IncomingHttpHeaders | undefined;
  /** Whether the HEADERS block ended the stream (Trailers-Only). */
  readonly headersEndedStream: boolean;
  /** The trailing HEADERS block, when there was one. */
  readonly trailers: IncomingHttpHeaders | undefined;
  /** Response body bytes received. */
  readonly bodyBytes: number;
  /** The RST_STREAM code when the stream was reset (0 when it closed normally). */
  readonly resetCode: number;
}

/** Options for {@link sendRawGrpcCall}. */
export interface RawGrpcCallOptions {
  /** The request message, framed as one gRPC message; default empty (every field at its default). */
  readonly message?: Uint8Array;
  /** The whole request body as sent, instead of `message` (malformed frames, several messages). */
  readonly body?: Uint8Array;
  /** Request headers on top of the gRPC ones (`grpc-timeout`, `grpc-encoding`, metadata). */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Cancel a call whose response started but has no status after this long (a server
   * stream), reporting it as `stillStreaming`. Default: wait for the stream to end.
   */
  readonly streamWaitMs?: number;
  /** Give up (cancel) after this long. Default 10 000 ms. */
  readonly timeoutMs?: number;
  /**
   * Send only the request headers (and `body`, when given) and never end the request
   * stream, as a stalled or hostile client does; the server must end the call itself.
   * Default false.
   */
  readonly leaveRequestOpen?: boolean;
  /** Aborting it cancels the call (RST_STREAM CANCEL), as a client that gives up does. */
  readonly signal?: AbortSignal;
}

/**
 * Opens an HTTP/2 session to `endpoint`, runs `use`, and closes the session whatever
 * happens.
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
  // A server may reset the whole connection (a malformed request): the call reports it.
  session.on("error", () => undefined);
  try {
    await new Promise<void>((resolve, reject) => {
      session.once("connect", () => {
        resolve();
      });
      session.once("error", reject);
    });
    return await use(session);
  } finally {
    if (session.closed || session.destroyed) session.destroy();
    else
      await new Promise<void>((resolve) => {
        session.close(() => {
          resolve();
        });
      });
  }
}

function decodeMessage(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * Sends one gRPC request over `session` the way a load balancer or a client would:
 * `POST path` with `content-type: application/grpc`, `te: trailers` and one length-prefixed
 * message (empty by default), and reports how the server answered, header blocks as they
 * were framed. Works for every call type: a stream still open after `streamWaitMs` is
 * cancelled and reported as `stillStreaming`. A reset stream resolves too (`resetCode`).
 */
export function sendRawGrpcCall(
  session: ClientHttp2Session,
  path: string,
  options: RawGrpcCallOptions = {},
): Promise<RawGrpcOutcome> {
  return new Promise((resolve) => {
    const stream = session.request({
      [constants.HTTP2_HEADER_METHOD]: "POST",
      [constants.HTTP2_HEADER_PATH]: path,
      [constants.HTTP2_HEADER_CONTENT_TYPE]: "application/grpc",
      [constants.HTTP2_HEADER_TE]: "trailers",
      ...options.headers,
    });
    let headers: IncomingHttpHeaders | undefined;
    let headersEndedStream = false;
    let trailers: IncomingHttpHeaders | undefined;
    let bodyBytes = 0;
    let settled = false;
    const statusOf = (block: IncomingHttpHeaders | undefined): number | undefined => {
      const status = block?.["grpc-status"];
      return typeof status === "string" ? Number(status) : undefined;
    };
    const finish = (stillStreaming: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(streamTimer);
      clearTimeout(overallTimer);
      const resetCode = stream.closed ? stream.rstCode : 0;
      if (!stream.closed) stream.close(constants.NGHTTP2_CANCEL);
      resolve({
        httpStatus: headers === undefined ? undefined : Number(headers[constants.HTTP2_HEADER_STATUS]),
        grpcStatus: statusOf(trailers) ?? statusOf(headers),
        grpcMessage:
          decodeMessage(trailers?.["grpc-message"]) ?? decodeMessage(headers?.["grpc-message"]) ?? "",
        grpcResponse: String(headers?.[constants.HTTP2_HEADER_CONTENT_TYPE] ?? "").startsWith(
          "application/grpc",
        ),
        stillStreaming,
        headers,
        headersEndedStream,
        trailers,
        bodyBytes,
        resetCode,
      });
    };
    stream.on("response", (responseHeaders, flags) => {
      headers = responseHeaders;
      headersEndedStream = (flags & constants.NGHTTP2_FLAG_END_STREAM) !== 0;
    });
    stream.on("trailers", (responseTrailers: IncomingHttpHeaders) => {
      trailers = responseTrailers;
    });
    stream.on("data", (chunk: Buffer) => {
      // Messages are not decoded; reading keeps flow control moving.
      bodyBytes += chunk.byteLength;
    });
    // The server may answer and reset before it has read the whole body; "close" reports it.
    stream.on("error", () => undefined);
    stream.on("close", () => {
      finish(false);
    });
    // With the request left open, the call is over once the response has ended (END_STREAM).
    if (options.leaveRequestOpen === true)
      stream.on("end", () => {
        finish(false);
      });
    const streamTimer =
      options.streamWaitMs === undefined
        ? undefined
        : setTimeout(() => {
            if (headers !== undefined && statusOf(headers) === undefined && trailers === undefined)
              finish(true);
          }, options.streamWaitMs);
    const overallTimer = setTimeout(() => {
      finish(false);
    }, options.timeoutMs ?? 10_000);
    const onAbort = (): void => {
      finish(false);
    };
    options.signal?.addEventListener("abort", onAbort, { once: true });
    stream.once("close", () => options.signal?.removeEventListener("abort", onAbort));
    if (options.leaveRequestOpen !== true)
      stream.end(options.body ?? grpcFrame(options.message ?? new Uint8Array()));
    else if (options.body !== undefined) stream.write(options.body);
  });
}
