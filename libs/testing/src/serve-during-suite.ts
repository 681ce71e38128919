import { after, before } from "node:test";

/**
 * Starts a server before the enclosing suite's tests and stops it after them (also when a
 * test failed). Returns a getter for the running server, which throws when the start did
 * not happen or failed. `stop` defaults to `forceClose()`: a test ends what it started.
 */
export function serveDuringSuite<T>(
  start: () => Promise<T>,
  stop: (server: T) => Promise<void> = (server) => (server as { forceClose(): Promise<void> }).forceClose(),
): () => T {
  let server: T | undefined;
  before(async () => {
    server = await start();
  });
  after(async () => {
    if (server !== undefined) await stop(server);
  });
  return () => {
    if (server === undefined) throw new Error("the suite's server did not start");
    return server;
  };
}
