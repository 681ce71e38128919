import { execFile } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdir, mkdtemp, readFile, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

/** A self-signed certificate for `localhost` and `127.0.0.1`, as PEM files. */
export interface DevCertificate {
  /** The certificate (PEM). Clients trust it explicitly; it is its own CA. */
  readonly certificateChainPath: string;
  /** Its private key (PEM, unencrypted). */
  readonly privateKeyPath: string;
}

/** File names inside a dev certificate directory. */
const certificateFile = "localhost.crt";
const privateKeyFile = "localhost.key";

/** Days a generated dev certificate is valid; a fresh one is made when fewer than 2 remain. */
const validityDays = 30;

async function stillValid(certificatePath: string): Promise<boolean> {
  try {
    const certificate = new X509Certificate(await readFile(certificatePath));
    return Date.parse(certificate.validTo) - Date.now() > 2 * 24 * 3600 * 1000;
  } catch {
    return false;
  }
}

/**
 * Makes sure `dir` holds a self-signed development certificate for `localhost` and
 * `127.0.0.1` (EC P-256, 30 days) and returns its paths. Generates one with `openssl` when
 * it is missing or about to expire; otherwise reuses it. The files are written into a
 * temporary sibling directory and renamed into place, so concurrent callers never see
 * half-written files. The material is for local use only and is never committed.
 */
export async function ensureDevCertificate(dir: string): Promise<DevCertificate> {
  const result = {
    certificateChainPath: join(dir, certificateFile),
    privateKeyPath: join(dir, privateKeyFile),
  };
  if (await stillValid(result.certificateChainPath)) return result;
  await mkdir(dirname(dir), { recursive: true });
  const staging = await mkdtemp(`${dir}.tmp-`);
  try {
    await execFileAsync("openssl", [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-days",
      String(validityDays),
      "-subj",
      "/CN=localhost",
      "-addext",
      "subjectAltName=DNS:localhost,IP:127.0.0.1",
      "-keyout",
      join(staging, privateKeyFile),
      "-out",
      join(staging, certificateFile),
    ]).catch((cause: unknown) => {
      throw new Error(
        "could not generate the dev TLS certificate: `openssl` must be on PATH " +
          "(Debian/Ubuntu: apt-get install openssl; macOS: preinstalled)",
        { cause },
      );
    });
    // Another process may have put a certificate in place meanwhile: keep theirs.
    if (await stillValid(result.certificateChainPath)) return result;
    await rm(dir, { recursive: true, force: true });
    await rename(staging, dir).catch(async (cause: unknown) => {
      if (await stillValid(result.certificateChainPath)) return;
      throw cause;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return result;
}
