/* eslint-disable @n8n/community-nodes/no-restricted-imports --
   benchmark tooling, never shipped: the floor is a plain node:http client. */
/**
 * The floor: what sending costs with nothing but Node's HTTP client. One token request, then every SMS
 * over a keep-alive agent, `concurrency` requests at a time, with the body the node sends. No n8n, no
 * retries, no pacing: a loop anyone could write.
 */
import { Agent, request } from 'node:http';

import type { BenchItem } from './workload';

interface Answer {
	status: number;
	body: string;
}

function post(agent: Agent, url: string, headers: Record<string, string>, body: string): Promise<Answer> {
	return new Promise((resolve, reject) => {
		const req = request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
			res.on('error', reject);
		});
		req.on('error', reject);
		req.end(body);
	});
}

export interface RawLoopOptions {
	baseUrl: string;
	accountId: string;
	clientId: string;
	clientSecret: string;
	from: string;
	items: BenchItem[];
	concurrency: number;
}

/** Sends every item once; returns how many Zoom accepted (201). */
export async function rawLoop(options: RawLoopOptions): Promise<{ accepted: number }> {
	const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
	try {
		const basic = Buffer.from(`${options.clientId}:${options.clientSecret}`).toString('base64');
		const token = await post(
			agent,
			`${options.baseUrl}/oauth/token?grant_type=account_credentials&account_id=${encodeURIComponent(options.accountId)}`,
			{ authorization: `Basic ${basic}` },
			'',
		);
		const accessToken = (JSON.parse(token.body) as { access_token: string }).access_token;
		const headers = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
		let next = 0;
		let accepted = 0;
		const lane = async () => {
			while (next < options.items.length) {
				const item = options.items[next++];
				const body = JSON.stringify({ sender: { phone_number: options.from }, to_members: [{ phone_number: item.phone }], message: item.text });
				const answer = await post(agent, `${options.baseUrl}/v2/phone/sms/messages`, headers, body);
				if (answer.status === 201) accepted++;
			}
		};
		await Promise.all(Array.from({ length: Math.min(options.concurrency, options.items.length) }, lane));
		return { accepted };
	} finally {
		agent.destroy();
	}
}
