import type { INodeTypeDescription } from 'n8n-workflow';

/** Who sends one signed trigger's deliveries, in that trigger's words. */
interface DeliverySenders {
	/** What delivers on the Mindee platform: "your API's webhook", "your model's webhook". */
	platformWebhook: string;
	/** The node and operation that submits documents: "the Mindee (Docparse) node's Submit Document operation". */
	submit: string;
	/** The sandbox script's command line for this trigger. */
	sandboxCommand: string;
}

/**
 * The trigger panel of a signed Mindee trigger. n8n's default texts send the user to "go to <node name> and
 * create an event", a place that does not exist: these say what actually posts a delivery.
 */
export function signedTriggerPanel(
	senders: DeliverySenders,
): NonNullable<INodeTypeDescription['triggerPanel']> {
	const sources = `Submit a document with ${senders.submit}: ${senders.platformWebhook} on the Mindee platform posts its result to this node's URL. With <code>npm start</code>'s sandbox, send a sample delivery instead: <code>${senders.sandboxCommand}</code>.`;
	const production =
		'These executions show up in the <a data-key="executions">executions list</a>, not in the editor.';
	return {
		header: 'Listen for a result delivered by Mindee',
		executionsHelp: {
			inactive: `<b>While building your workflow</b>, click the 'execute step' button and have a result delivered to the test URL. ${sources}<br /><br /><b>Once you're happy with your workflow</b>, publish it and give ${senders.platformWebhook} the production URL: every delivery then starts an execution. ${production}`,
			active: `<b>While building your workflow</b>, click the 'execute step' button and have a result delivered to the test URL. ${sources}<br /><br /><b>The workflow is published</b>: every delivery to the production URL starts an execution. ${production}`,
		},
		activationHint: {
			inactive: `Once you've finished building your workflow, publish it: every result Mindee delivers to the production URL then starts it (you just won't see those executions here).`,
			active: `Every result Mindee delivers to the production URL also starts this workflow (you just won't see those executions here).`,
		},
	};
}
