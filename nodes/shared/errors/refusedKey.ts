import { joinSentences } from './explainError';

/** Where an API's keys come from, for the one form every refused-key message takes. */
export interface KeyOrigin {
	/** The API's name in messages: "Mindee". */
	service: string;
	/** The credential's name as n8n lists it. */
	credential: string;
	/** The key it needs and where such keys are made. */
	needed: string;
	/** Keys that look alike but are refused here, and where they belong. */
	lookAlike?: string;
	/** Where access and quota are checked. */
	platform: string;
}

/**
 * A refused API key (401, or 403 from the credential's Test button), said the same way by every node and
 * credential: what was refused, where the right key comes from, what to do. `where` is what the user is
 * looking at: a node's error, or the credential's Test button.
 */
export function refusedKey(
	origin: KeyOrigin,
	status: number,
	where: 'node' | 'credential',
): { message: string; advice: string } {
	const message = `${origin.service} refused the API key (${status === 403 ? '403 Forbidden' : '401 Unauthorized'})`;
	if (status === 403) {
		return {
			message,
			advice: joinSentences(
				`The key is valid but not allowed to use the ${origin.service} API, or the plan's quota is used up`,
				`Check the key and the plan on ${origin.platform}`,
			),
		};
	}
	return {
		message,
		advice: joinSentences(
			`${where === 'node' ? `The "${origin.credential}" credential` : 'This credential'} needs ${origin.needed}`,
			origin.lookAlike,
			where === 'node'
				? 'Copy the whole key into that credential, then press its Test button'
				: 'Copy the whole key into API Key, then test again',
		),
	};
}

/** The Test button's text for a refused key: the whole form in one message. */
export function refusedKeyTestMessage(origin: KeyOrigin, status: number): string {
	const { message, advice } = refusedKey(origin, status, 'credential');
	return joinSentences(message, advice);
}
