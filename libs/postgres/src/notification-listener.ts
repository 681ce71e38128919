import pg from "pg";

/** Options for {@link createNotificationListener}. */
export interface NotificationListenerOptions {
  /** The database to listen on. */
  readonly url: string;
  /** The NOTIFY channel, e.g. `catalog_stock_levels`. */
  readonly channel: string;
  /** Receives the payload of every notification on the channel, from any session. */
  readonly onNotification: (payload: string) => void;
  /**
   * Called after every (re)connection once LISTEN is in place: notifications sent while
   * the connection was down are lost, so a subscriber re-reads what it shows here.
   */
  readonly onListening?: () => void;
  /** Called when the connection is lost; the listener reconnects by itself. */
  readonly onLost?: (error: Error) => void;
  /** Wait between reconnection attempts. Default 500 ms. */
  readonly reconnectDelayMs?: number;
  /** Longest wait for one connection attempt. Default 2 000 ms. */
  readonly connectTimeoutMs?: number;
}

/** A running LISTEN connection, see {@link createNotificationListener}. */
export interface NotificationListener {
  /** Whether LISTEN is in place now (false while reconnecting). */
  isListening(): boolean;
  /** Resolves once LISTEN is in place for the first time. */
  readonly listening: Promise<void>;
  /** Stops listening and closes the connection. Idempotent. */
  close(): Promise<void>;
}

/**
 * Keeps one dedicated connection LISTENing on `channel` (a pooled connection cannot
 * listen: it is handed to other queries) and reconnects, every `reconnectDelayMs`, when
 * the connection is lost (database restarted, failover, network). This is the change
 * feed that lets a change made through one replica reach the streams of every replica.
 */
export function createNotificationListener(options: NotificationListenerOptions): NotificationListener {
  const reconnectDelayMs = options.reconnectDelayMs ?? 500;
  let client: pg.Client | undefined;
  let listeningNow = false;
  let closed = false;
  const isClosed = (): boolean => closed;
  let timer: NodeJS.Timeout | undefined;
  let markFirstListen: () => void = () => undefined;
  const listening = new Promise<void>((resolve) => {
    markFirstListen = resolve;
  });

  const retryLater = (): void => {
    if (closed) return;
    timer = setTimeout(() => {
      void connect();
    }, reconnectDelayMs);
    timer.unref();
  };

  const lose = (current: pg.Client, error: Error): void => {
    if (client !== current) return;
    client = undefined;
    listeningNow = false;
    current.removeAllListeners("notification");
    void current.end().catch(() => undefined);
    if (closed) return;
    options.onLost?.(error);
    retryLater();
  };

  async function connect(): Promise<void> {
    if (closed) return;
    const next = new pg.Client({
      connectionString: options.url,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 2000,
      application_name: `listen:${options.channel}`,
    });
    client = next;
    next.on("error", (error) => {
      lose(next, error);
    });
    next.on("end", () => {
      lose(next, new Error("connection ended"));
    });
    next.on("notification", (message) => {
      if (message.channel === options.channel) options.onNotification(message.payload ?? "");
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${next.escapeIdentifier(options.channel)}`);
    } catch (error) {
      lose(next, error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (client !== next || isClosed()) return;
    listeningNow = true;
    markFirstListen();
    options.onListening?.();
  }

  void connect();
  return {
    isListening: () => listeningNow,
    listening,
    async close() {
      if (closed) return;
      closed = true;
      clearTimeout(timer);
      listeningNow = false;
      const current = client;
      client = undefined;
      await current?.end().catch(() => undefined);
    },
  };
}
