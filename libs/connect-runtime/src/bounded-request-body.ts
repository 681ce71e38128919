import { Code, ConnectError } from "@connectrpc/connect";

/** Options for {@link boundRequestBody}. */
export interface BoundRequestBodyOptions {
  /** How long the request may take to arrive: the call's deadline, or the default one. */
  readonly waitMs: number;
  /**
   * True for streaming calls: only the first request message must arrive within
   * `waitMs`; later ones may take as long as the client likes (the stream's own
   * deadline, if any, bounds it). False for unary calls: the whole request must.
   */
  readonly firstMessageOnly: boolean;
  /**
   * True when the body is a sequence of gRPC length-prefixed messages (gRPC, gRPC-Web,
   * Connect streaming): a body that ends inside a message is INTERNAL, as grpc-go and
   * grpc-java answer a truncated frame (connect would say INVALID_ARGUMENT).
   */
  readonly framed: boolean;
}

/** Tracks where a stream of bytes is in its sequence of 5-byte-prefixed messages. */
class FrameTracker {
  #header: number[] = [];
  #remaining = 0;
  completeMessages = 0;
  /** The largest length a message prefix has declared so far. */
  largestDeclared = 0;

  /** True when the bytes so far end exactly on a message boundary. */
  get atBoundary(): boolean {
    return this.#header.length === 0 && this.#remaining === 0;
  }

  push(chunk: Uint8Array): void {
    let offset = 0;
    while (offset < chunk.byteLength) {
      if (this.#remaining > 0) {
        const taken = Math.min(this.#remaining, chunk.byteLength - offset);
        this.#remaining -= taken;
        offset += taken;
        if (this.#remaining === 0) this.completeMessages++;
        continue;
      }
      this.#header.push(chunk[offset] ?? 0);
      offset++;
      if (this.#header.length === 5) {
        const [, b1 = 0, b2 = 0, b3 = 0, b4 = 0] = this.#header;
        this.#remaining = ((b1 << 24) >>> 0) + (b2 << 16) + (b3 << 8) + b4;
        this.largestDeclared = Math.max(this.largestDeclared, this.#remaining);
        this.#header = [];
        if (this.#remaining === 0) this.completeMessages++;
      }
    }
  }
}

/**
 * The request body of one call, bounded: when the request (or, for a stream, its first
 * message) has not arrived within `waitMs`, the body fails with DEADLINE_EXCEEDED, so a
 * client that sends headers and no body is answered at the call's deadline — the default
 * deadline when it sent none — as grpc-js's deadline timer does. connect enforces a
 * deadline only by aborting the handler's signal, which a call still waiting for its
 * request never looks at.
 *
 * The source is not closed on expiry: the answer must still be written on the same
 * HTTP/2 stream, which the server closes once it has answered.
 */
async function* boundRequestBody(
  body: AsyncIterable<Uint8Array>,
  options: BoundRequestBodyOptions,
  frames: FrameTracker = new FrameTracker(),
): AsyncGenerator<Uint8Array> {
  const iterator = body[Symbol.asyncIterator]();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new ConnectError("deadline exceeded while waiting for the request", Code.DeadlineExceeded));
    }, options.waitMs);
  });
  expired.catch(() => undefined);
  let bounded = true;
  try {
    for (;;) {
      const pending = iterator.next();
      let result: IteratorResult<Uint8Array>;
      if (bounded) {
        // Once the deadline has won, the read still pending ends with the stream.
        pending.catch(() => undefined);
        result = await Promise.race([pending, expired]);
      } else result = await pending;
      if (result.done === true) break;
      if (options.framed) frames.push(result.value);
      if (bounded && options.firstMessageOnly && frames.completeMessages > 0) {
        bounded = false;
        clearTimeout(timer);
      }
      yield result.value;
    }
  } finally {
    clearTimeout(timer);
  }
  if (options.framed && !frames.atBoundary) {
    throw new ConnectError("request ended inside a message (truncated frame)", Code.Internal);
  }
}

/** A request body whose start has been read, see {@link awaitRequestStart}. */
export interface RequestStart {
  /** The whole body: what was read already, then the rest, bounded as {@link boundRequestBody}. */
  readonly body: AsyncIterable<Uint8Array>;
  /**
   * True when the request arrived: a first whole message (or, unframed, the whole body), or
   * more than `readMaxBytes` (the protocol then rejects it as too large). False when the body
   * failed (deadline, truncated frame) or ended empty: the call ends at once, with that error.
   */
  readonly arrived: boolean;
}

/**
 * Reads a call's request up to its first whole message (bounded as {@link boundRequestBody}),
 * so that load shedding can count the call from the moment it has a request to work on: a
 * client that sends headers and no body then holds no in-flight slot at all, only an HTTP/2
 * stream (bounded per connection by MAX_CONCURRENT_STREAMS) until its deadline.
 */
export async function awaitRequestStart(
  body: AsyncIterable<Uint8Array>,
  options: BoundRequestBodyOptions & { readonly readMaxBytes: number },
): Promise<RequestStart> {
  const frames = new FrameTracker();
  const bounded = boundRequestBody(body, options, frames);
  const buffered: Uint8Array[] = [];
  let bytes = 0;
  let failure: { readonly error: unknown } | undefined;
  let done = false;
  const started = (): boolean =>
    bytes > options.readMaxBytes ||
    (options.framed && (frames.completeMessages > 0 || frames.largestDeclared > options.readMaxBytes));
  while (!started()) {
    try {
      const result = await bounded.next();
      if (result.done === true) {
        done = true;
        break;
      }
      buffered.push(result.value);
      bytes += result.value.byteLength;
    } catch (error) {
      failure = { error };
      break;
    }
  }
  async function* replay(): AsyncGenerator<Uint8Array> {
    yield* buffered;
    if (failure !== undefined) throw failure.error;
    if (!done) yield* bounded;
  }
  const arrived =
    failure === undefined && (!done || (bytes > 0 && (!options.framed || frames.completeMessages > 0)));
  return { body: replay(), arrived };
}
