import { join } from "node:path";
import {
  certificateStillValid,
  devCertificateValidityDays,
  ensureKeyMaterialDir,
  runOpenssl,
} from "./dev-key-material.js";

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
  await ensureKeyMaterialDir(
    dir,
    (candidate) => certificateStillValid(join(candidate, certificateFile)),
    (staging) =>
      runOpenssl(
        [
          "req",
          "-x509",
          "-newkey",
          "ec",
          "-pkeyopt",
          "ec_paramgen_curve:prime256v1",
          "-nodes",
          "-days",
          String(devCertificateValidityDays),
          "-subj",
          "/CN=localhost",
          "-addext",
          "subjectAltName=DNS:localhost,IP:127.0.0.1",
          "-keyout",
          join(staging, privateKeyFile),
          "-out",
          join(staging, certificateFile),
        ],
        "the dev TLS certificate",
      ),
  );
  return result;
}
