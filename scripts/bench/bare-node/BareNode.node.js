'use strict';
/**
 * Benchmark only (scripts/bench), never published. The least any n8n node can do to send the benchmark's
 * SMS: fetch one token, then POST each item's message through n8n's own HTTP helper, `concurrency` at a
 * time. No checks, no phone-number formatting, no retries, no pacing, no error handling. Its time is what
 * n8n itself costs per item; the Zoom SMS node's time above it is the node's own cost.
 *
 * Values: 'expressions' reads To and Message for every item (the same expressions as the Zoom SMS node's
 * workflow); 'itemFields' builds the same values in plain code from the item's `n` field, which shows
 * what n8n's expression evaluation costs on its own.
 */
class BareNode {
	constructor() {
		this.description = {
			displayName: 'Bare Node',
			name: 'bareNode',
			group: ['output'],
			version: 1,
			description: 'Benchmark only: sends each item as an SMS with nothing but n8n helpers',
			defaults: { name: 'Bare Node' },
			inputs: ['main'],
			outputs: ['main'],
			properties: [
				{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
				{ displayName: 'Basic Auth', name: 'basicAuth', type: 'string', default: '' },
				{ displayName: 'Account ID', name: 'accountId', type: 'string', default: '' },
				{ displayName: 'From', name: 'from', type: 'string', default: '' },
				{
					displayName: 'Values',
					name: 'values',
					type: 'options',
					options: [
						{ name: 'Expressions', value: 'expressions' },
						{ name: 'Item Fields', value: 'itemFields' },
					],
					default: 'expressions',
				},
				{ displayName: 'First Recipient', name: 'firstRecipient', type: 'string', default: '' },
				{ displayName: 'Label', name: 'label', type: 'string', default: '' },
				{ displayName: 'Message Tail', name: 'messageTail', type: 'string', default: '' },
				{ displayName: 'To', name: 'to', type: 'string', default: '' },
				{ displayName: 'Message', name: 'message', type: 'string', default: '' },
				{ displayName: 'Concurrency', name: 'concurrency', type: 'number', default: 10 },
			],
		};
	}

	async execute() {
		const items = this.getInputData();
		const baseUrl = this.getNodeParameter('baseUrl', 0);
		const from = this.getNodeParameter('from', 0);
		const concurrency = this.getNodeParameter('concurrency', 0);
		const token = await this.helpers.httpRequest({
			method: 'POST',
			url: `${baseUrl}/oauth/token`,
			qs: { grant_type: 'account_credentials', account_id: this.getNodeParameter('accountId', 0) },
			headers: { Authorization: `Basic ${this.getNodeParameter('basicAuth', 0)}` },
			json: true,
		});
		const fromExpressions = this.getNodeParameter('values', 0) === 'expressions';
		const firstRecipient = Number(this.getNodeParameter('firstRecipient', 0).slice(1));
		const label = this.getNodeParameter('label', 0);
		const messageTail = this.getNodeParameter('messageTail', 0);
		const bodies = items.map((item, itemIndex) => ({
			sender: { phone_number: from },
			to_members: [{ phone_number: fromExpressions ? this.getNodeParameter('to', itemIndex) : `+${firstRecipient + item.json.n}` }],
			message: fromExpressions ? this.getNodeParameter('message', itemIndex) : `${label} #${item.json.n}${messageTail}`,
		}));
		const output = new Array(items.length);
		let next = 0;
		const lane = async () => {
			while (next < items.length) {
				const itemIndex = next++;
				const json = await this.helpers.httpRequest({
					method: 'POST',
					url: `${baseUrl}/v2/phone/sms/messages`,
					headers: { Authorization: `Bearer ${token.access_token}` },
					body: bodies[itemIndex],
					json: true,
				});
				output[itemIndex] = { json, pairedItem: { item: itemIndex } };
			}
		};
		await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
		return [output];
	}
}

module.exports = { BareNode };
