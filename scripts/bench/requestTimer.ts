/* eslint-disable @n8n/community-nodes/no-restricted-imports --
   benchmark tooling, never shipped: it listens to Node's HTTP client diagnostics channels. */
/**
 * Times every SMS send request a process makes, the same way whoever makes it (a raw loop, our node, n8n's
 * HTTP Request node): from the moment Node's HTTP client starts the request until it receives the response
 * (the `http.client.request.start` and `http.client.response.finish` diagnostics channels; the answers here are
 * a few hundred bytes). Nothing is patched: the channels only report.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import { performance } from 'node:perf_hooks';

const SEND_PATH = '/v2/phone/sms/messages';

export class RequestTimer {
	/** Milliseconds per finished send request, in finishing order. */
	readonly durations: number[] = [];

	private readonly started = new WeakMap<ClientRequest, number>();

	private readonly onStart = (message: unknown) => {
		const { request } = message as { request: ClientRequest };
		if (request.method === 'POST' && request.path.startsWith(SEND_PATH)) this.started.set(request, performance.now());
	};

	private readonly onFinish = (message: unknown) => {
		const { request } = message as { request: ClientRequest };
		const startedAt = this.started.get(request);
		if (startedAt === undefined) return;
		this.durations.push(performance.now() - startedAt);
		this.started.delete(request);
	};

	start(): void {
		subscribe('http.client.request.start', this.onStart);
		subscribe('http.client.response.finish', this.onFinish);
	}

	stop(): void {
		unsubscribe('http.client.request.start', this.onStart);
		unsubscribe('http.client.response.finish', this.onFinish);
	}
}
