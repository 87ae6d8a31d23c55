import * as crypto from 'node:crypto';

/**
 * A Webhook node that answers with every item of the workflow's last node: the entry of the end-to-end
 * workflows that n8n runs per request, and of the bench's queue-mode workflow.
 */
export function webhookNode(webhookPath: string) {
	return {
		id: crypto.randomUUID(),
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: crypto.randomUUID(),
		parameters: {
			httpMethod: 'POST',
			path: webhookPath,
			responseMode: 'lastNode',
			responseData: 'allEntries',
			options: {},
		},
	};
}
