import {
  constants,
  type Http2SecureServer,
  type Http2Server,
  type Http2Session,
  type ServerHttp2Session,
  type ServerHttp2Stream,
} from "node:http2";

/** Options for {@link trackHttp2Sessions}. */
export interface Http2SessionTrackerOptions {
  /** Age after which a session gets GOAWAY, ±10 % jitter; 0 disables. */
  readonly maxConnectionAgeMs: number;
  /** Time streams on an aged-out session get before it is destroyed. */
  readonly maxConnectionAgeGraceMs: number;
  /** A session without any open stream for this long gets GOAWAY; 0 disables. */
  readonly idleTimeoutMs: number;
  /** Random number in [0, 1); replaceable in tests. Defaults to `Math.random`. */
  readonly random?: () => number;
}

/** The HTTP/2 sessions of a connect-node server, with connection age and graceful close. */
export interface Http2SessionTracker {
  /** Open sessions. */
  readonly size: number;
  /**
   * Sends the two-step GOAWAY to every open session (and to sessions that open
   * later), letting streams in flight finish. Resolves once every final GOAWAY
   * has been sent: from then on no new call is accepted.
   */
  goawayAll(): Promise<void>;
  /** Resolves when every session has closed. */
  allClosed(): Promise<void>;
  /** Destroys every open session at once (cancels streams still open). */
  destroyAll(): void;
}

/** Longest wait for the PING round trips between the first and the final GOAWAY; far above any in-region RTT. */
export const finalGoawayCapMs = 250;

/**
 * GOAWAY that loses no stream, in two steps as grpc-go and grpc-core drain:
 * the first GOAWAY (last stream id 2^31-1) tells the client to open no new
 * streams while streams already on their way are still accepted; once PINGs
 * have made the round trip, every stream the client opened before it read the
 * first GOAWAY has arrived, and `close()` sends the final GOAWAY with the real
 * last stream id, closing the session when its streams end.
 *
 * Two PING round trips, not one: a client's HTTP/2 stack (nghttp2, used by
 * Node.js) sends a PING ACK ahead of HEADERS frames it had already queued, so
 * the first ACK can overtake a stream the client opened just before the
 * GOAWAY; that stream would be refused, and clients that do not retry
 * REFUSED_STREAM (connect-node) would fail the call.
 *
 * The final GOAWAY follows at the latest {@link finalGoawayCapMs} after the first.
 * Resolves once it has been sent (or the session is gone).
 */
export function gracefulGoaway(session: Http2Session): Promise<void> {
  return new Promise((resolve) => {
    if (session.closed || session.destroyed) {
      resolve();
      return;
    }
    const finalGoaway = (): void => {
      clearTimeout(cap);
      if (!session.closed && !session.destroyed) session.close();
      resolve();
    };
    // A client that stops reading after the first GOAWAY (seen with Node.js
    // clients that had no stream open) never answers the PINGs.
    const cap = setTimeout(finalGoaway, finalGoawayCapMs);
    cap.unref();
    const ping = (then: () => void): void => {
      if (
        session.closed ||
        session.destroyed ||
        !session.ping(() => {
          then();
        })
      )
        finalGoaway();
    };
    try {
      session.goaway(constants.NGHTTP2_NO_ERROR, 2 ** 31 - 1);
    } catch {
      finalGoaway();
      return;
    }
    ping(() => {
      ping(finalGoaway);
    });
  });
}

/**
 * Tracks the sessions of `server`: sends each a graceful GOAWAY when it reaches
 * its maximum age (connect-node has no such option, unlike grpc-js) and
 * destroys it after the grace period, closes idle sessions, and closes all on drain.
 *
 * Long by design: a closure-based object; its short methods share the set of live sessions and their timers.
 */
export function trackHttp2Sessions(
  server: Http2Server | Http2SecureServer,
  options: Http2SessionTrackerOptions,
): Http2SessionTracker {
  const sessions = new Set<ServerHttp2Session>();
  const random = options.random ?? Math.random;
  let closing = false;

  const closeWithin = (session: ServerHttp2Session, graceMs: number): void => {
    void gracefulGoaway(session);
    const timer = setTimeout(() => {
      if (!session.destroyed) session.destroy();
    }, graceMs);
    timer.unref();
    session.once("close", () => {
      clearTimeout(timer);
    });
  };

  server.on("session", (session: ServerHttp2Session) => {
    sessions.add(session);
    const timers: NodeJS.Timeout[] = [];
    session.once("close", () => {
      sessions.delete(session);
      for (const timer of timers) clearTimeout(timer);
    });
    if (closing) {
      void gracefulGoaway(session);
      return;
    }
    if (options.maxConnectionAgeMs > 0) {
      const ageMs = options.maxConnectionAgeMs * (0.9 + 0.2 * random());
      const timer = setTimeout(() => {
        closeWithin(session, options.maxConnectionAgeGraceMs);
      }, ageMs);
      timer.unref();
      timers.push(timer);
    }
    if (options.idleTimeoutMs > 0) {
      // Idle means no stream open, as grpc-js's grpc.max_connection_idle_ms counts
      // it; a quiet long-lived stream (health Watch) keeps its connection.
      let openStreams = 0;
      let idleTimer: NodeJS.Timeout | undefined;
      const armIdleTimer = (): void => {
        idleTimer = setTimeout(() => {
          void gracefulGoaway(session);
        }, options.idleTimeoutMs);
        idleTimer.unref();
      };
      armIdleTimer();
      session.on("stream", (stream: ServerHttp2Stream) => {
        openStreams++;
        clearTimeout(idleTimer);
        stream.once("close", () => {
          openStreams--;
          if (openStreams === 0 && !session.closed) armIdleTimer();
        });
      });
      session.once("close", () => {
        clearTimeout(idleTimer);
      });
    }
  });

  return {
    get size() {
      return sessions.size;
    },
    goawayAll() {
      closing = true;
      return Promise.all([...sessions].map(gracefulGoaway)).then(() => undefined);
    },
    allClosed() {
      const closed = [...sessions].map(
        (session) =>
          new Promise<void>((resolve) => {
            if (session.destroyed) resolve();
            else
              session.once("close", () => {
                resolve();
              });
          }),
      );
      return Promise.all(closed).then(() => undefined);
    },
    destroyAll() {
      for (const session of sessions) session.destroy();
    },
  };
}
