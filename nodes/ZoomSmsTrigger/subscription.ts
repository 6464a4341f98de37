/**
 * The trigger's webhookMethods in Automatic setup: register the Production (or Test) URL with Zoom when the
 * workflow is activated, check it is still there, remove it when the workflow is deactivated. The id Zoom
 * gives is kept in the node's workflow static data (n8n saves it after activation).
 *
 * Zoom wants an app-level token for this (grant_type=client_credentials, same Client ID and Secret), not the
 * account token the rest of the package uses (Zoom staff on the developer forum; see the README).
 */
import type { IDataObject, IHookFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { resolveZoomUrls } from '../shared/zoomEnvironment';
import { CREDENTIAL_TYPE } from '../ZoomSms/transport/client';
import { checkSubscription, EVENT_SUBSCRIPTION_PATH, listedSubscriptions, subscriptionName, subscriptionRequest } from './subscriptionPlan';

const ID_KEY = 'eventSubscriptionId';

interface Api {
	call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, options?: { body?: IDataObject; qs?: IDataObject }): Promise<T>;
	accountId: string;
}

function statusOf(error: unknown): number | undefined {
	const raw = error as { httpCode?: string; response?: { status?: number }; status?: number; statusCode?: number };
	return raw.response?.status ?? raw.statusCode ?? raw.status ?? (raw.httpCode ? Number(raw.httpCode) : undefined);
}

async function zoomApi(context: IHookFunctions): Promise<Api> {
	const credentials = await context.getCredentials(CREDENTIAL_TYPE);
	const { oauthBaseUrl, apiBaseUrl } = resolveZoomUrls(credentials);
	const clientId = String(credentials.clientId ?? '');
	const clientSecret = String(credentials.clientSecret ?? '');
	let token: string;
	try {
		const answer = (await context.helpers.httpRequest({
			method: 'POST',
			url: `${oauthBaseUrl}/oauth/token`,
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: 'grant_type=client_credentials',
			auth: { username: clientId, password: clientSecret },
			json: true,
		})) as { access_token?: string };
		token = String(answer.access_token ?? '');
	} catch (error) {
		throw new NodeApiError(context.getNode(), error as JsonObject, {
			message: 'Zoom refused an app token (grant_type=client_credentials) for the Client ID and Secret of the Zoom SMS API credential',
			description: 'Check the Client ID and Client Secret, or choose Setup: Manual and add the event subscription in the Zoom App Marketplace.',
		});
	}
	return {
		accountId: String(credentials.accountId ?? ''),
		call: async <T>(method: 'GET' | 'POST' | 'DELETE', path: string, options: { body?: IDataObject; qs?: IDataObject } = {}) =>
			(await context.helpers.httpRequest({
				method,
				url: `${apiBaseUrl}${path}`,
				headers: { Authorization: `Bearer ${token}` },
				json: true,
				...(options.body ? { body: options.body } : {}),
				...(options.qs ? { qs: options.qs } : {}),
			})) as T,
	};
}

function failure(context: IHookFunctions, error: unknown, what: string): NodeApiError {
	return new NodeApiError(context.getNode(), error as JsonObject, {
		message: `Zoom refused to ${what} the event subscription`,
		description:
			'The app needs the scopes of the selected events (e.g. phone:read:sms_message:admin) and must allow event subscriptions. ' +
			'Or choose Setup: Manual and add the subscription in the Zoom App Marketplace (your app → Features → Access → Event Subscription).',
	});
}

function wanted(context: IHookFunctions): { url: string; events: string[] } {
	const url = context.getNodeWebhookUrl('default');
	if (!url) throw new NodeOperationError(context.getNode(), 'n8n gave no webhook URL for the trigger');
	return { url, events: context.getNodeParameter('events', []) as string[] };
}

export async function subscriptionExists(this: IHookFunctions): Promise<boolean> {
	const staticData = this.getWorkflowStaticData('node');
	const { url, events } = wanted(this);
	const api = await zoomApi(this);
	let answer: unknown;
	try {
		answer = await api.call('GET', EVENT_SUBSCRIPTION_PATH, { qs: { subscription_scope: 'account', account_id: api.accountId } });
	} catch (error) {
		throw failure(this, error, 'list');
	}
	const check = checkSubscription(listedSubscriptions(answer), staticData[ID_KEY] as string | undefined, url, events);
	if (check.verdict === 'matches') {
		staticData[ID_KEY] = check.id;
		return true;
	}
	if (check.verdict === 'outdated') {
		// The node's events or URL changed since it was registered: replace rather than keep two.
		await removeSubscription(this, api, check.id);
	}
	delete staticData[ID_KEY];
	return false;
}

export async function createSubscription(this: IHookFunctions): Promise<boolean> {
	const { url, events } = wanted(this);
	const api = await zoomApi(this);
	const body = subscriptionRequest({ events, url, accountId: api.accountId, name: subscriptionName(this.getWorkflow().name ?? 'workflow', this.getNode().name) });
	let answer: { event_subscription_id?: string };
	try {
		answer = await api.call('POST', EVENT_SUBSCRIPTION_PATH, { body: body as unknown as IDataObject });
	} catch (error) {
		throw failure(this, error, 'create');
	}
	if (!answer?.event_subscription_id) {
		throw new NodeOperationError(this.getNode(), 'Zoom created no event subscription (its answer has no event_subscription_id)');
	}
	this.getWorkflowStaticData('node')[ID_KEY] = answer.event_subscription_id;
	return true;
}

async function removeSubscription(context: IHookFunctions, api: Api, id: string): Promise<void> {
	try {
		await api.call('DELETE', `${EVENT_SUBSCRIPTION_PATH}/${encodeURIComponent(id)}`);
	} catch (error) {
		// Already gone: what deactivation wants.
		if (statusOf(error) !== 404) throw failure(context, error, 'delete');
	}
}

export async function deleteSubscription(this: IHookFunctions): Promise<boolean> {
	const staticData = this.getWorkflowStaticData('node');
	const id = staticData[ID_KEY];
	if (typeof id !== 'string' || id === '') return true;
	await removeSubscription(this, await zoomApi(this), id);
	delete staticData[ID_KEY];
	return true;
}
