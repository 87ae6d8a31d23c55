import { BlockList, isIP } from 'node:net';

/**
 * Whether an IP address is no place a public document lives at: loopback, private, link-local (cloud
 * metadata), CGNAT, multicast, reserved; and IPv6 transition addresses (NAT64, 6to4, SIIT, IPv4-mapped,
 * Teredo) whose embedded IPv4 address is one of those, since the network delivers them to that address.
 */
export function isNonPublicAddress(address: string): boolean {
	const family = isIP(address);
	if (family === 4) return NON_PUBLIC.check(address, 'ipv4');
	if (family !== 6) return true;
	if (NON_PUBLIC.check(address, 'ipv6')) return true;
	const bytes = ipv6Bytes(address);
	if (!bytes) return true;
	return embeddedIpv4(bytes).some((ipv4) => NON_PUBLIC.check(ipv4, 'ipv4'));
}

/** The IPv4 addresses an IPv6 transition address leads to (none for a native IPv6 address). */
function embeddedIpv4(bytes: number[]): string[] {
	const word = (index: number) => (bytes[index] << 8) | bytes[index + 1];
	const zero = (from: number, to: number) => bytes.slice(from, to).every((byte) => byte === 0);
	const ipv4At = (index: number, mask = 0) =>
		bytes
			.slice(index, index + 4)
			.map((byte) => byte ^ mask)
			.join('.');
	// IPv4-mapped ::ffff:a.b.c.d and SIIT's IPv4-translated ::ffff:0:a.b.c.d.
	if (zero(0, 10) && word(10) === 0xffff) return [ipv4At(12)];
	if (zero(0, 8) && word(8) === 0xffff && word(10) === 0) return [ipv4At(12)];
	// NAT64 well-known prefix 64:ff9b::/96 (RFC 6052).
	if (word(0) === 0x64 && word(2) === 0xff9b && zero(4, 12)) return [ipv4At(12)];
	// 6to4 2002::/16: the IPv4 address is bits 16–47.
	if (word(0) === 0x2002) return [ipv4At(2)];
	// Teredo 2001::/32: the server is bits 32–63, the client the last 32 bits inverted.
	if (word(0) === 0x2001 && word(2) === 0) return [ipv4At(4), ipv4At(12, 0xff)];
	return [];
}

/** The 16 bytes of an IPv6 address (`::` and a dotted IPv4 tail accepted), or undefined. */
function ipv6Bytes(address: string): number[] | undefined {
	let text = address.split('%')[0];
	const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
	if (dotted) {
		const [a, b, c, d] = dotted[1].split('.').map(Number);
		text = `${text.slice(0, -dotted[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
	}
	const [left, right] = text.split('::');
	const groups = (part: string | undefined) => (part ? part.split(':') : []);
	const head = groups(left);
	const tail = groups(right);
	const missing = 8 - head.length - tail.length;
	if (right === undefined ? missing !== 0 : missing < 0) return undefined;
	const words = [...head, ...Array<string>(Math.max(0, missing)).fill('0'), ...tail];
	const bytes: number[] = [];
	for (const group of words) {
		const value = parseInt(group, 16);
		if (!/^[0-9a-f]{1,4}$/i.test(group) || Number.isNaN(value)) return undefined;
		bytes.push(value >> 8, value & 0xff);
	}
	return bytes;
}

const NON_PUBLIC = (() => {
	const list = new BlockList();
	const ipv4: Array<[string, number]> = [
		['0.0.0.0', 8],
		['10.0.0.0', 8],
		['100.64.0.0', 10],
		['127.0.0.0', 8],
		['169.254.0.0', 16],
		['172.16.0.0', 12],
		['192.0.0.0', 24],
		['192.0.2.0', 24],
		['192.168.0.0', 16],
		['198.18.0.0', 15],
		['198.51.100.0', 24],
		['203.0.113.0', 24],
		['224.0.0.0', 4],
		['240.0.0.0', 4],
	];
	const ipv6: Array<[string, number]> = [
		// Unspecified, loopback and IPv4-compatible.
		['::', 96],
		// NAT64 local-use prefix (RFC 8215): where its IPv4 address sits depends on each network's setup.
		['64:ff9b:1::', 48],
		['100::', 64],
		['2001:db8::', 32],
		['fc00::', 7],
		['fe80::', 10],
		['fec0::', 10],
		['ff00::', 8],
	];
	for (const [network, prefix] of ipv4) list.addSubnet(network, prefix, 'ipv4');
	for (const [network, prefix] of ipv6) list.addSubnet(network, prefix, 'ipv6');
	return list;
})();
