import { execFile } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdir, mkdtemp, readFile, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

/** Days generated dev certificates are valid; fresh ones are made when fewer than 2 remain. */
export const devCertificateValidityDays = 30;

/** Whether the PEM certificate at `certificatePath` exists and stays valid for 2 more days. */
export async function certificateStillValid(certificatePath: string): Promise<boolean> {
  try {
    const certificate = new X509Certificate(await readFile(certificatePath));
    return Date.parse(certificate.validTo) - Date.now() > 2 * 24 * 3600 * 1000;
  } catch {
    return false;
  }
}

/** Runs `openssl` with `args`; a missing binary fails with a message saying how to install it. */
export async function runOpenssl(args: readonly string[], what: string): Promise<void> {
  await execFileAsync("openssl", args).catch((cause: unknown) => {
    throw new Error(
      `could not generate ${what}: \`openssl\` must be on PATH ` +
        "(Debian/Ubuntu: apt-get install openssl; macOS: preinstalled)",
      { cause },
    );
  });
}

/**
 * Makes sure `dir` holds key material that `isComplete(dir)` accepts: when it does not,
 * `generate(staging)` writes a fresh set into a temporary sibling directory, which is renamed
 * into place, so concurrent callers never see half-written files and a set is replaced whole.
 * When another process put a complete set in place meanwhile, theirs is kept.
 */
export async function ensureKeyMaterialDir(
  dir: string,
  isComplete: (dir: string) => Promise<boolean>,
  generate: (staging: string) => Promise<void>,
): Promise<void> {
  if (await isComplete(dir)) return;
  await mkdir(dirname(dir), { recursive: true });
  const staging = await mkdtemp(`${dir}.tmp-`);
  try {
    await generate(staging);
    if (await isComplete(dir)) return;
    await rm(dir, { recursive: true, force: true });
    await rename(staging, dir).catch(async (cause: unknown) => {
      if (await isComplete(dir)) return;
      throw cause;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
