import { createServer } from "node:net";
import type { AddressInfo } from "node:net";

/**
 * A TCP port on 127.0.0.1 that was free a moment ago, for processes that take
 * a port number but cannot report the port they bound (Envoy listeners in a
 * config rendered up front, child processes). Prefer port 0 wherever the
 * process can report its port: another process may take this one first.
 */
export async function findFreeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
  return port;
}
