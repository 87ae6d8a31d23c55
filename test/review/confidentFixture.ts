import { readMindeeV2Fixture } from '../fakes/fixtures';

/**
 * The shared V2 invoice fixture (recorded without confidence) as Mindee returns it when asked for
 * confidence: every value Certain, except the levels given by path (`line_items.1.total_price`).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function confidentV2Invoice(levels: Record<string, string> = {}): any {
	const body = JSON.parse(
		readMindeeV2Fixture('products/extraction/financial_document/complete.json'),
	);
	body.inference.active_options.confidence = true;
	const visit = (field: Record<string, unknown>, path: string[]) => {
		if (Array.isArray(field.items))
			field.items.forEach((item, index) => visit(item, [...path, String(index)]));
		else if (field.fields && typeof field.fields === 'object')
			for (const [name, child] of Object.entries(field.fields))
				visit(child as Record<string, unknown>, [...path, name]);
		else field.confidence = levels[path.join('.')] ?? 'Certain';
	};
	for (const [name, field] of Object.entries(body.inference.result.fields))
		visit(field as Record<string, unknown>, [name]);
	return body;
}
