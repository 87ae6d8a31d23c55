/** A JSON value, as the APIs send them. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The objects of a list from outside; anything else in it, or a value that is not a list, gives none. */
export function objectsIn(value: unknown): Array<Record<string, unknown>> {
	return Array.isArray(value) ? value.filter(isObject) : [];
}

/**
 * Sets `target[key]` as data, whatever the key: a plain assignment of `__proto__` would replace the
 * object's prototype and the key would vanish. Names from an API are data, never the object's setup.
 */
export function putKey<T>(target: Record<string, T>, key: string, value: T): void {
	if (key === '__proto__')
		Object.defineProperty(target, key, {
			value,
			enumerable: true,
			writable: true,
			configurable: true,
		});
	else target[key] = value;
}

/** `object[key]` if the object holds it itself (never what its prototype offers, e.g. for `constructor`). */
export function ownValue(object: Record<string, unknown>, key: string): unknown {
	return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

/**
 * Whether two JSON values are equal (objects whatever their key order), leaving out the keys `skip` names.
 * Iterative, so a value nested to any depth is compared without running out of stack.
 */
export function sameJson(a: unknown, b: unknown, skip?: (key: string) => boolean): boolean {
	const pairs: Array<[unknown, unknown]> = [[a, b]];
	while (pairs.length > 0) {
		const [left, right] = pairs.pop()!;
		if (Array.isArray(left) || Array.isArray(right)) {
			if (!Array.isArray(left) || !Array.isArray(right) || left.length !== right.length)
				return false;
			left.forEach((entry, index) => pairs.push([entry, right[index]]));
		} else if (isObject(left) && isObject(right)) {
			const keys = (object: Record<string, unknown>) =>
				Object.keys(object).filter((key) => !skip?.(key) && object[key] !== undefined);
			const leftKeys = keys(left);
			if (leftKeys.length !== keys(right).length) return false;
			for (const key of leftKeys) {
				if (!Object.prototype.hasOwnProperty.call(right, key)) return false;
				pairs.push([left[key], right[key]]);
			}
		} else if (left !== right && !(left == null && right == null)) return false;
	}
	return true;
}
