/**
 * A node's canvas subtitle, the same form on every action node: "<operation> · <what it is sent to>",
 * e.g. "Parse · Invoice v4", "Extract Data · Invoices", "Predict · Service 12". An n8n expression, which
 * the editor evaluates against the node's parameters.
 *
 * @param operations The operation values' short names (an unknown value shows as it is).
 * @param target An expression (without braces) for what follows the dot.
 */
export function operationSubtitle(operations: Record<string, string>, target: string): string {
	return `={{ (${JSON.stringify(operations)}[$parameter["operation"]] || $parameter["operation"]) + " · " + (${target}) }}`;
}
