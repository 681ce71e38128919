import { lookup } from "node:dns/promises";
import { isIP } from "node:net";

/** Every address `hostname` has (`dns.lookup` with `all`, which honours /etc/hosts as well as DNS). */
export async function resolveAllAddresses(hostname: string): Promise<string[]> {
  const addresses = await lookup(hostname, { all: true });
  return addresses.map((address) => address.address);
}

/**
 * The replica URLs behind `url`: itself for an IP address or TLS (a certificate names the
 * host, not its addresses), else one URL per address the host name resolves to, so each pod
 * of a headless Service gets calls.
 */
export async function expandReplicaUrls(
  url: string,
  resolve: (hostname: string) => Promise<string[]> = resolveAllAddresses,
): Promise<string[]> {
  const parsed = new URL(url);
  const hostname = parsed.hostname.replace(/^\[(.*)\]$/, "$1");
  if (parsed.protocol !== "http:" || isIP(hostname) !== 0) return [url];
  const addresses = await resolve(hostname);
  if (addresses.length === 0) return [url];
  return addresses.map((address) => {
    const copy = new URL(url);
    copy.hostname = isIP(address) === 6 ? `[${address}]` : address;
    return copy.toString().replace(/\/$/, "");
  });
}
