/** Removes every occurrence of the given secrets from a text (error messages, bodies echoed back by an API). */
export function redactSecrets(text: string, secrets: Array<string | undefined>): string {
	let redacted = text;
	for (const secret of secrets) {
		if (secret && secret.length >= 4) redacted = redacted.split(secret).join('***');
	}
	return redacted;
}

/** The same for any JSON-like value, returning a copy. */
export function redactDeep<T>(value: T, secrets: Array<string | undefined>): T {
	if (!secrets.some((secret) => secret && secret.length >= 4)) return value;
	return JSON.parse(redactSecrets(JSON.stringify(value ?? null), secrets)) as T;
}
