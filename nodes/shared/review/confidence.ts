/**
 * The one confidence vocabulary of the review rules. Mindee V2 says how sure it is in four levels; Mindee V1
 * gives a number from 0 to 1. Each level is also a lowest V1 score, so a minimum chosen as a level means the
 * same on both APIs, and a V2 level compares with a minimum as the lowest score of its level.
 */
export const CONFIDENCE_LEVELS = {
	certain: { label: 'Certain', lowestScore: 0.99 },
	high: { label: 'High', lowestScore: 0.9 },
	medium: { label: 'Medium', lowestScore: 0.7 },
	low: { label: 'Low', lowestScore: 0 },
} as const;

export type ConfidenceLevel = keyof typeof CONFIDENCE_LEVELS;

/** A confidence as the API returned it (V1 number, V2 level name), as a score from 0 to 1; null when none. */
export function confidenceScore(confidence: unknown): number | null {
	if (typeof confidence === 'number') return Number.isFinite(confidence) ? confidence : null;
	if (typeof confidence !== 'string') return null;
	const level = Object.values(CONFIDENCE_LEVELS).find(
		({ label }) => label.toLowerCase() === confidence.toLowerCase(),
	);
	return level ? level.lowestScore : null;
}
