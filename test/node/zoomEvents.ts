/**
 * Zoom Phone SMS webhook requests for the trigger's tests: the payloads are the examples of Zoom's
 * webhooks OpenAPI (zoom-phone-sms-webhooks.openapi.json), signed the way Zoom signs them.
 */
import type { IDataObject } from 'n8n-workflow';

import { signWebhook } from '../../nodes/shared/webhookSignature';
import examples from '../fixtures/zoom-webhook-examples.json';

type Json = IDataObject;

const ACCOUNT_ID = '2TP-coFVSnmyvYZogk8gAg';
const ATTACHMENT = {
	id: 'ux7LtGDPRmqbo0nLQ2v9jQ',
	size: 10692,
	name: 'Screenshot2021_05_17_183842.jpg',
	type: 'jpg',
	download_url: 'https://downloadUrl.zoom.us',
};

function messageObject(extra: Json = {}): Json {
	return {
		sender: { phone_number: '12132822256', id: 'RMIGplfpSLauTMDMTi3Kfg', type: 'user', display_name: 'Jackson' },
		to_members: [{ phone_number: '12132792348', id: 'RMITfuhuuxyzyuyyi3Kfg', type: 'user', display_name: 'Tomcat', is_message_owner: true }],
		owner: { type: 'callQueue', id: '29QVgYBGRmOM5VlC0DmLgg', team_id: 'milmMfm3SYCwkraYIriNiQ' },
		message: 'ttt',
		attachments: [ATTACHMENT],
		session_id: 'e5e9b8417c1f2da2cd3006f3d9d4641a',
		message_id: '72abd192-97ee-4ddb-b498-85048f4c34d7',
		message_type: 1,
		date_time: '2021-07-19T18:43:43Z',
		...extra,
	};
}

/** The OpenAPI's example of each SMS event, with `event_ts` set to now. */
export function zoomEvent(event: string, object?: Json): Json {
	const defaults: Record<string, Json> = {
		'phone.sms_received': messageObject(),
		'phone.sms_sent': messageObject({ failure_reason: '', owner: { type: 'callQueue', id: '29QVgYBGRmOM5VlC0DmLgg', sms_sender_user_id: 'JduDVJJXTS6VGXiJiro7ZQ' } }),
		'phone.sms_sent_failed': messageObject({ failure_reason: '1101-phone message error send', to_members: [{ phone_number: '12132792348', is_message_owner: true }] }),
		'phone.sms_campaign_number_opt_in': {
			phone_number_campaign_opt_statuses: [{ consumer_phone_number: '+15043449240', zoom_phone_user_number: '+12094436304' }],
			date_time: '2021-07-19T18:43:43Z',
		},
		'phone.sms_campaign_number_opt_out': {
			phone_number_campaign_opt_statuses: [{ consumer_phone_number: '+15043449240', zoom_phone_user_number: '+12094436304' }],
			date_time: '2021-07-19T18:43:43Z',
		},
		'phone.sms_etiquette_warn': { email: 'user.email@company.com', message: 'this is my SSN 123-45-6789', policy_name: 'SSN warning', date_time: '2025-03-15T18:43:43Z' },
	};
	return { event, event_ts: Date.now(), payload: { account_id: ACCOUNT_ID, object: object ?? defaults[event] ?? {} } };
}

export function urlValidation(plainToken: string): Json {
	return { event: 'endpoint.url_validation', payload: { plainToken }, event_ts: Date.now() };
}

/** Headers Zoom sends with an event: the signature over `v0:<timestamp>:<body>` under the Secret Token. */
export function zoomHeaders(body: string, secret: string, timestampSeconds = Math.floor(Date.now() / 1000)): Record<string, string> {
	return {
		'x-zm-request-timestamp': String(timestampSeconds),
		'x-zm-signature': signWebhook(body, timestampSeconds, secret),
		'x-zm-request-id': `req_${timestampSeconds}`,
		'x-zm-trackingid': `v=2.0;clid=us06;rid=WEB_${timestampSeconds}`,
	};
}

/**
 * Zoom's own example request body for `event`, verbatim: the text of each example in Zoom's webhooks
 * OpenAPI, copied unchanged into test/fixtures/zoom-webhook-examples.json, so the tests sign exactly the
 * bytes Zoom's documentation shows.
 */
export function zoomExample(event: string): string {
	const value = (examples.examples as Record<string, string>)[event];
	if (typeof value !== 'string') throw new Error(`Zoom's webhooks OpenAPI has no example for ${event}`);
	return value;
}
