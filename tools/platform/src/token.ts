// `npm run token -- --scopes orders.write[,orders.read]`: prints an access token from the
// running platform's dev issuer (started by `npm start`), for grpcurl's
// `-H "authorization: Bearer $(npm run -s token -- --scopes orders.write)"`.
// The token alone goes to stdout; everything else to stderr.
import { join } from "node:path";
import { parseArgs } from "node:util";
import { workspaceRoot } from "@switchyard/launcher";
import { platformAccessToken } from "./platform-auth.js";

const { values } = parseArgs({
  options: { scopes: { type: "string", default: "" } },
  allowPositionals: false,
});
const scopes = values.scopes.split(/[\s,]+/).filter((scope) => scope !== "");
const workDir = process.env["PLATFORM_WORK_DIR"] ?? join(workspaceRoot, ".toolchain", "platform");

try {
  process.stdout.write(`${await platformAccessToken(workDir, scopes)}\n`);
} catch (error) {
  process.stderr.write(
    `no token: ${error instanceof Error ? error.message : String(error)}\n` +
      "Is the platform running (npm start, with PLATFORM_AUTH on)?\n",
  );
  process.exit(1);
}
