import { request } from "node:http";

/** Whether a Docker engine answered, and where; `reason` says why not when it did not. */
export interface DockerEngineStatus {
  readonly available: boolean;
  readonly endpoint: string;
  readonly reason: string;
}

/**
 * Asks the Docker engine at `DOCKER_HOST` (unix:// or tcp://) or the default
 * socket `/var/run/docker.sock` for `GET /_ping`, within `timeoutMs` (default 2 s).
 * Never throws: container-based tests use the answer to run or to skip with a reason.
 */
export function probeDockerEngine(timeoutMs = 2000): Promise<DockerEngineStatus> {
  const dockerHost = process.env["DOCKER_HOST"] ?? "unix:///var/run/docker.sock";
  const target = dockerHost.startsWith("unix://")
    ? { socketPath: dockerHost.slice("unix://".length) }
    : (() => {
        const url = new URL(dockerHost.replace(/^tcp:/, "http:"));
        return { host: url.hostname, port: Number(url.port || 2375) };
      })();
  return new Promise((resolve) => {
    const req = request({ ...target, path: "/_ping", method: "GET", timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(
        response.statusCode === 200
          ? { available: true, endpoint: dockerHost, reason: "" }
          : {
              available: false,
              endpoint: dockerHost,
              reason: `HTTP ${response.statusCode ?? "?"} from /_ping`,
            },
      );
    });
    req.on("timeout", () => {
      req.destroy(new Error(`no answer within ${timeoutMs} ms`));
    });
    req.on("error", (error) => {
      resolve({ available: false, endpoint: dockerHost, reason: error.message });
    });
    req.end();
  });
}
