import type {
	IAuthenticateGeneric,
	IAuthenticateRuleResponseCode,
	IAuthenticateRuleResponseSuccessBody,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { explainTokenFailure, ZoomCredentialError } from '../nodes/shared/zoomErrors';
import { resolveZoomUrls } from '../nodes/shared/zoomEnvironment';

const APP_CREDENTIALS_PAGE =
	'Zoom App Marketplace → Manage → your Server-to-Server OAuth app → App Credentials';

interface TokenResponse {
	access_token?: unknown;
}

interface HttpFailure {
	response?: { status?: number; data?: unknown; body?: unknown };
	httpCode?: string | number;
	code?: string;
	cause?: { code?: string };
}

/**
 * Every error status but 400 fails the Test as n8n reports it (the `responseCode` rules below give their
 * texts): n8n's `ignoreHttpStatusErrors` takes the statuses not to ignore.
 */
const STATUSES_THAT_FAIL_THE_TEST = Array.from({ length: 300 }, (_, index) => 300 + index).filter((status) => status !== 400);

/**
 * 400 answers of `GET /phone/sms/sessions` that fail the Test; any other 400 (a missing read scope, 4711)
 * passes it. Codes from the OpenAPI extract (accountSmsSession, postSmsMessage).
 */
const ANSWERS_THAT_FAIL_THE_TEST: Array<[number, string]> = [
	[2001, 'Zoom says the account does not exist (code 2001): copy the Account ID again from the app\'s App Credentials page, and check that Zoom Phone is set up on that account.'],
	[1004, 'Zoom does not allow this app to access the account (code 1004): the app must belong to the same Zoom account as the Account ID.'],
	[124, 'Zoom rejected the access token it just issued (code 124). Check that the app is activated and that the Environment matches your Zoom account.'],
];

export class ZoomSmsApi implements ICredentialType {
	name = 'zoomSmsApi';

	displayName = 'Zoom SMS API';

	icon: Icon = { light: 'file:../icons/zoom.svg', dark: 'file:../icons/zoom.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-zoom-sms/n8n-nodes-zoom-sms#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Zoom', value: 'zoom', description: 'zoom.us and api.zoom.us' },
				{ name: 'Zoom for Government', value: 'zoomGov', description: 'zoomgov.com and api.zoomgov.com' },
				{ name: 'Custom', value: 'custom', description: 'Your own base URLs, e.g. the bundled Zoom simulator' },
			],
			default: 'zoom',
		},
		{
			displayName: 'Account ID',
			name: 'accountId',
			type: 'string',
			required: true,
			default: '',
			hint: `Shown on ${APP_CREDENTIALS_PAGE}`,
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			required: true,
			default: '',
			hint: `Shown on ${APP_CREDENTIALS_PAGE}`,
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			hint: `Shown on ${APP_CREDENTIALS_PAGE}`,
		},
		{
			displayName: 'Webhook Secret Token',
			name: 'webhookSecretToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Only needed by the Zoom SMS Trigger: it proves that incoming events really come from Zoom',
			hint: 'Shown in the Zoom App Marketplace → your app → Features → Access → Secret Token',
		},
		{
			displayName: 'OAuth Base URL',
			name: 'oauthBaseUrl',
			type: 'string',
			default: 'https://zoom.us',
			placeholder: 'https://zoom.us',
			description: 'Where the access token is requested (POST <OAuth Base URL>/oauth/token)',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'API Base URL',
			name: 'apiBaseUrl',
			type: 'string',
			default: 'https://api.zoom.us/v2',
			placeholder: 'https://api.zoom.us/v2',
			description: 'Base of the Zoom REST API, including the /v2 version path',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			// Filled by preAuthentication; n8n stores it and refetches it when Zoom answers 401, so one token
			// serves every item, execution and queue-mode worker until it expires.
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject): Promise<IDataObject> {
		const clientId = String(credentials.clientId ?? '').trim();
		const clientSecret = String(credentials.clientSecret ?? '').trim();
		const accountId = String(credentials.accountId ?? '').trim();
		if (!clientId || !clientSecret) {
			throw new ZoomCredentialError(
				`The Zoom SMS API credential needs a Client ID and a Client Secret. Copy them from ${APP_CREDENTIALS_PAGE}.`,
			);
		}
		if (!accountId) {
			throw new ZoomCredentialError(`The Zoom SMS API credential needs an Account ID. Copy it from ${APP_CREDENTIALS_PAGE}.`);
		}
		const tokenUrl = `${resolveZoomUrls(credentials).oauthBaseUrl}/oauth/token`;
		let response: TokenResponse;
		try {
			response = (await this.helpers.httpRequest({
				method: 'POST',
				url: tokenUrl,
				headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams({ grant_type: 'account_credentials', account_id: accountId }).toString(),
				auth: { username: clientId, password: clientSecret },
				json: true,
			})) as TokenResponse;
		} catch (error) {
			// A fresh error without the HTTP response: n8n would otherwise treat Zoom's 401 for bad client
			// credentials as an expired token and loop, and the response object carries the request's headers.
			const failure = error as HttpFailure;
			const status = failure.response?.status ?? (failure.httpCode ? Number(failure.httpCode) : undefined);
			throw new ZoomCredentialError(
				explainTokenFailure({
					httpStatus: Number.isFinite(status) ? status : undefined,
					body: (failure.response?.data ?? failure.response?.body) as never,
					networkErrorCode: failure.code ?? failure.cause?.code,
					tokenUrl,
				}),
			);
		}
		if (typeof response?.access_token !== 'string' || response.access_token === '') {
			throw new ZoomCredentialError(`Zoom's token endpoint ${tokenUrl} answered without an access token. Check the credential's Environment.`);
		}
		return { accessToken: response.access_token };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{$credentials.accessToken}}' } },
	};

	// Fetching a token proves the Account ID, Client ID and Secret; listing one SMS conversation proves that
	// Zoom accepts the token for Zoom Phone SMS on this account. An app with send-only scopes is refused that
	// read with 400 code 4711 (a missing scope): Zoom checks the token before the scopes, so the credential
	// is good and the Test passes. n8n 2.41 has no "warning" outcome for a credential test (a result is OK or
	// Error, and the dialog shows no text for OK), so the missing read scope surfaces where it matters: the
	// read that needs it fails with the scope named (zoomErrors.ts, 4711). Every other 4xx still fails.
	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ $credentials.environment === "custom" ? String($credentials.apiBaseUrl).replace(/\\/+$/, "") : $credentials.environment === "zoomGov" ? "https://api.zoomgov.com/v2" : "https://api.zoom.us/v2" }}',
			url: '/phone/sms/sessions',
			qs: { page_size: 1 },
			// Only a 400 comes back as an answer to check (below); every other error status fails the Test.
			ignoreHttpStatusErrors: { ignore: true, except: STATUSES_THAT_FAIL_THE_TEST },
		},
		// n8n's CredentialsTester checks each rule by its `type`, so one list may hold both kinds; the declared
		// type (one kind per list) is narrower than what n8n runs, hence the cast.
		rules: [
			...ANSWERS_THAT_FAIL_THE_TEST.map(
				([code, message]): IAuthenticateRuleResponseSuccessBody => ({ type: 'responseSuccessBody', properties: { key: 'code', value: code, message } }),
			),
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'Zoom rejected the access token it just issued. Check that the app is activated and that the Environment matches your Zoom account.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message: 'The credentials are valid, but Zoom refused access to Zoom Phone SMS. Zoom Phone and SMS must be enabled for the account, and the app owner needs Phone admin privileges.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message: 'Zoom answered 404 Not Found: the API Base URL is wrong (it must end with /v2), or Zoom Phone is not set up on this account.',
				},
			},
		] as Array<IAuthenticateRuleResponseCode | IAuthenticateRuleResponseSuccessBody> as IAuthenticateRuleResponseCode[],
	};
}
