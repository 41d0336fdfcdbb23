/**
 * IP address rules shared by sign-in (which proxies to trust) and webhooks
 * (which targets to refuse), on ipaddr.js. IPv4-mapped IPv6 addresses
 * (::ffff:127.0.0.1) are treated as the IPv4 address they carry.
 */
import ipaddr from "ipaddr.js";

export type Network = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** Parses an IP address (v4 or v6, brackets allowed); undefined if it is not one. */
export function parseAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  const t = text.trim().replace(/^\[(.*)\]$/, "$1");
  if (!ipaddr.isValid(t)) return undefined;
  // isValid also takes shorthand like "127.1" and "2130706433" (as inet_aton does), so do we.
  return ipaddr.process(t);
}

/**
 * A comma-separated list of addresses and CIDR ranges (`10.0.0.0/8, 127.0.0.1, ::1`).
 * Throws naming the setting and the entry when one is neither.
 */
export function parseNetworks(list: string | undefined, setting: string): Network[] {
  if (!list?.trim()) return [];
  return list
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      if (entry.includes("/")) {
        try {
          const [addr, bits] = ipaddr.parseCIDR(entry);
          if (addr.kind() === "ipv6" && (addr as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96) {
            return [(addr as ipaddr.IPv6).toIPv4Address(), bits - 96] as Network;
          }
          return [addr, bits] as Network;
        } catch {
          throw new Error(`${setting}: not an address or CIDR range: "${entry}"`);
        }
      }
      const addr = parseAddress(entry);
      if (!addr) throw new Error(`${setting}: not an address or CIDR range: "${entry}"`);
      return [addr, addr.kind() === "ipv4" ? 32 : 128] as Network;
    });
}

export function inNetworks(addr: ipaddr.IPv4 | ipaddr.IPv6, nets: Network[]): boolean {
  return nets.some(([net, bits]) => net.kind() === addr.kind() && addr.match(net, bits));
}

/**
 * Why an address may not be a webhook target by default, or undefined for a
 * public unicast address: loopback, private, link-local (cloud metadata at
 * 169.254.169.254), unique-local, unspecified, multicast, reserved…
 */
export function nonPublicRange(addr: ipaddr.IPv4 | ipaddr.IPv6): string | undefined {
  const range = addr.range();
  return range === "unicast" ? undefined : range;
}

/**
 * The client's address: the socket's peer, or — only when that peer is a
 * trusted proxy — the right-most X-Forwarded-For entry that is not itself a
 * trusted proxy (entries further left are written by the client and can lie).
 */
export function clientAddress(
  peer: string | undefined,
  forwardedFor: string | undefined,
  trusted: Network[],
): string | undefined {
  if (!peer) return undefined;
  const peerAddr = parseAddress(peer);
  if (!peerAddr) return peer;
  if (!forwardedFor || !trusted.length || !inNetworks(peerAddr, trusted)) return peerAddr.toString();
  const hops = forwardedFor
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  let client = peerAddr;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = parseAddress(hops[i]);
    if (!hop) break; // a garbled entry: stop at the last address we could trust
    client = hop;
    if (!inNetworks(hop, trusted)) break;
  }
  return client.toString();
}
