import { BlockList, isIP } from "node:net";

/**
 * Addresses a metadata fetch must not reach unless configured: loopback, private, link-local
 * (cloud metadata endpoints live at 169.254.169.254), carrier-grade NAT, multicast, reserved and
 * documentation ranges (IANA special-purpose registries). Node's BlockList, no dependency.
 */
const blocked = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16],
  ["172.16.0.0", 12], ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.88.99.0", 24], ["192.168.0.0", 16],
  ["198.18.0.0", 15], ["198.51.100.0", 24], ["203.0.113.0", 24], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) blocked.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [
  ["::", 128], ["::1", 128], ["64:ff9b::", 96], ["64:ff9b:1::", 48], ["100::", 64], ["2001::", 23],
  ["2001:db8::", 32], ["2002::", 16], ["fc00::", 7], ["fe80::", 10], ["fec0::", 10], ["ff00::", 8],
] as const) blocked.addSubnet(net, prefix, "ipv6");

/** Why `address` is refused, or null when it is a public unicast address. */
export function refusedAddressReason(address: string): string | null {
  const family = isIP(address);
  if (family === 0) return `${address} is not an IP address`;
  if (family === 6) {
    // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible forms are judged by their IPv4 address.
    const mapped = /^::(?:ffff:)?(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return refusedAddressReason(mapped[1]);
    if (/^::ffff:/i.test(address)) return `${address} is an IPv4-mapped address`;
    return blocked.check(address, "ipv6") ? `${address} is a private, loopback, link-local or reserved address` : null;
  }
  return blocked.check(address, "ipv4") ? `${address} is a private, loopback, link-local or reserved address` : null;
}

/** True when `host` is allowed by the list (exact name, or a subdomain of an entry written ".example.org"). */
export function hostAllowed(host: string, allowedHosts: readonly string[]): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, "");
  return allowedHosts.some((a) => (a.startsWith(".") ? h.endsWith(a) || h === a.slice(1) : h === a));
}
