import { randomBytes } from "node:crypto";
import { access, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { DevCertificate } from "./dev-certificate.js";
import {
  certificateStillValid,
  devCertificateValidityDays,
  ensureKeyMaterialDir,
  runOpenssl,
} from "./dev-key-material.js";

/**
 * A development CA and one certificate per identity it signed, as PEM files: the key
 * material of mutual TLS between Envoy and the services on one machine.
 */
export interface DevMtlsMaterial {
  /** The CA certificate every party trusts for the others' certificates. */
  readonly caCertificatePath: string;
  /**
   * The certificate and key of `identity` (one of the names it was made for): subject
   * `CN=<identity>`, subjectAltName `DNS:<identity>`, good for TLS servers and clients alike.
   * Throws for a name it was not made for.
   */
  identity(identity: string): DevCertificate;
}

const caCertificateFile = "ca.crt";
const caKeyFile = "ca.key";
const certificateFileOf = (identity: string) => `${identity}.crt`;
const keyFileOf = (identity: string) => `${identity}.key`;

/** Names that work as a file name and a DNS name: a service, "envoy". */
const identityPattern = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** The curve of every dev key: P-256, which Envoy, Node.js and grpc-js all accept. */
const ecKeyArgs = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

async function generateCa(dir: string, subject: string): Promise<void> {
  await runOpenssl(
    [
      "req",
      "-x509",
      ...ecKeyArgs,
      "-days",
      String(devCertificateValidityDays),
      "-subj",
      `/CN=${subject}`,
      "-addext",
      "basicConstraints=critical,CA:TRUE,pathlen:0",
      "-addext",
      "keyUsage=critical,keyCertSign,cRLSign",
      "-keyout",
      join(dir, caKeyFile),
      "-out",
      join(dir, caCertificateFile),
    ],
    "the dev mTLS CA",
  );
}

async function generateIdentity(dir: string, identity: string): Promise<void> {
  const request = join(dir, `${identity}.csr`);
  const extensions = join(dir, `${identity}.ext`);
  await runOpenssl(
    [
      "req",
      "-new",
      ...ecKeyArgs,
      "-subj",
      `/CN=${identity}`,
      "-keyout",
      join(dir, keyFileOf(identity)),
      "-out",
      request,
    ],
    `the dev mTLS certificate of ${identity}`,
  );
  await writeFile(
    extensions,
    [
      "basicConstraints=critical,CA:FALSE",
      "keyUsage=critical,digitalSignature",
      // One certificate per party, for both directions: a service serves with it and calls with it.
      "extendedKeyUsage=serverAuth,clientAuth",
      `subjectAltName=DNS:${identity}`,
      "",
    ].join("\n"),
  );
  await runOpenssl(
    [
      "x509",
      "-req",
      "-in",
      request,
      "-CA",
      join(dir, caCertificateFile),
      "-CAkey",
      join(dir, caKeyFile),
      // A random serial, so no serial file is kept next to the CA.
      "-set_serial",
      `0x${randomBytes(16).toString("hex")}`,
      "-days",
      String(devCertificateValidityDays),
      "-extfile",
      extensions,
      "-out",
      join(dir, certificateFileOf(identity)),
    ],
    `the dev mTLS certificate of ${identity}`,
  );
  await Promise.all([rm(request), rm(extensions)]);
}

async function complete(dir: string, identities: readonly string[]): Promise<boolean> {
  for (const file of [caCertificateFile, ...identities.map(certificateFileOf)]) {
    if (!(await certificateStillValid(join(dir, file)))) return false;
  }
  for (const file of [caKeyFile, ...identities.map(keyFileOf)]) {
    try {
      await access(join(dir, file));
    } catch {
      return false;
    }
  }
  return true;
}

/** Options for {@link ensureDevMtlsMaterial}. */
export interface DevMtlsOptions {
  /** The CA's common name. Default "Switchyard dev CA"; a test's second CA names itself apart. */
  readonly caName?: string;
}

/**
 * Makes sure `dir` holds a development CA and a certificate signed by it for each of
 * `identities` (lower-case DNS labels, e.g. the services' names and "envoy"), all EC P-256 and
 * valid for 30 days, and returns their paths. Generates the whole set with `openssl` when a
 * file is missing, a certificate is about to expire or an identity is new; otherwise reuses
 * it. Written into a temporary sibling directory and renamed into place, like
 * {@link ensureDevCertificate}. For local use only: keep `dir` out of git (`.toolchain/`, or
 * a temporary directory in tests); the CA's key lies next to its certificate.
 */
export async function ensureDevMtlsMaterial(
  dir: string,
  identities: readonly string[],
  options: DevMtlsOptions = {},
): Promise<DevMtlsMaterial> {
  const names = [...new Set(identities)];
  for (const name of names) {
    if (!identityPattern.test(name)) throw new Error(`"${name}" is not a DNS label for a dev certificate`);
  }
  await ensureKeyMaterialDir(
    dir,
    (candidate) => complete(candidate, names),
    async (staging) => {
      await generateCa(staging, options.caName ?? "Switchyard dev CA");
      for (const name of names) await generateIdentity(staging, name);
    },
  );
  return {
    caCertificatePath: join(dir, caCertificateFile),
    identity(identity) {
      if (!names.includes(identity)) throw new Error(`no dev mTLS certificate was made for "${identity}"`);
      return {
        certificateChainPath: join(dir, certificateFileOf(identity)),
        privateKeyPath: join(dir, keyFileOf(identity)),
      };
    },
  };
}
