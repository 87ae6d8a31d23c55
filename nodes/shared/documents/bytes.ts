/**
 * Sizes shown to users. Document limits are in decimal megabytes (10^6 bytes), as Mindee and Biros state
 * them. The triggers' Max Body Size is in 2^20 bytes, the unit of n8n's N8N_PAYLOAD_SIZE_MAX it sits behind.
 */
export const MB = 1_000_000;
export const MIB = 1024 * 1024;

/** "20 MB", "1.5 MB", "0.02 MB": at most two decimals, in `unit`-sized megabytes. */
export function formatMegabytes(bytes: number, unit: number = MB): string {
	return `${Math.round((bytes / unit) * 100) / 100} MB`;
}
