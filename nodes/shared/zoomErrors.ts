/**
 * Turns what Zoom answers into messages that say what to fix. Zoom's API errors are `{ code, message }`,
 * with an `errors: [{ field, message }]` array on validation failures (zoom-api.md §2, [DOC-ERR]); its
 * OAuth endpoint answers `{ reason, error }` instead (zoom-api.md §1). Nothing here ever includes a
 * credential value: only what Zoom said and what the user should do.
 *
 * Hints depend on the endpoint: Zoom reuses codes with different meanings (300 is "Unsupported content
 * type" on Send, "Invalid user id" on a user's conversations, an expired sync token on Sync), so the
 * caller names the endpoint it called (`ZoomEndpoint`) and the hint follows the OpenAPI of that endpoint
 * (../shared/reference/zoom-phone-sms.openapi.json).
 */

export const SCOPES_DOC =
	'In the Zoom App Marketplace open Manage → your Server-to-Server OAuth app → Scopes, add the missing scopes, then activate the app again.';

export interface ZoomApiErrorBody {
	code?: number | string;
	message?: string;
	errors?: Array<{ field?: string; message?: string }>;
}

/** The Zoom endpoints the nodes call, named as in the simulator (test/simulator/zoomSimulator.ts). */
export type ZoomEndpoint =
	| 'sendSms'
	| 'listNumbers'
	| 'listAccountSessions'
	| 'listUserSessions'
	| 'getSession'
	| 'getMessage'
	| 'syncSession'
	| 'getUser'
	| 'getPhoneUser'
	| 'listSmsCampaigns'
	| 'getSmsCampaign';

/**
 * What uses each endpoint, in the editor's words, and the scope a Server-to-Server app adds for it (the
 * granular `:admin` scope of the OpenAPI's `security` block; new S2S apps get granular scopes only).
 */
export const ENDPOINT_NEEDS: Record<ZoomEndpoint, { usedBy: string; scope: string }> = {
	sendSms: { usedBy: 'Message → Send', scope: 'phone:read:sms_message:admin' },
	listNumbers: { usedBy: 'the From list and Phone Number → Get Many', scope: 'phone:read:list_numbers:admin' },
	listAccountSessions: { usedBy: 'Conversation → Get Many (Account)', scope: 'phone:read:list_sms_sessions:admin' },
	listUserSessions: { usedBy: 'Conversation → Get Many (User)', scope: 'phone:read:list_sms_sessions:admin' },
	getSession: { usedBy: 'Message → Get Many', scope: 'phone:read:sms_session:admin' },
	getMessage: { usedBy: 'Message → Get', scope: 'phone:read:sms_message:admin' },
	syncSession: { usedBy: 'reading a conversation', scope: 'phone:read:sms_session:admin' },
	getUser: { usedBy: 'the Automatic From (the token\'s user)', scope: 'user:read:user:admin' },
	getPhoneUser: { usedBy: 'the Automatic From (the user\'s phone profile)', scope: 'phone:read:user:admin' },
	listSmsCampaigns: { usedBy: 'the 10DLC campaign status in the From list', scope: 'phone:read:list_sms_campaigns:admin' },
	getSmsCampaign: { usedBy: 'the 10DLC campaign status in the From list', scope: 'phone:read:sms_campaign:admin' },
};

/** Zoom's `errors[]` as one sentence ("to_members[0].phone_number: must be E.164; message: too long"), or ''. */
export function fieldErrorsText(body: ZoomApiErrorBody | undefined): string {
	const entries = Array.isArray(body?.errors) ? body.errors : [];
	return entries
		.map((entry) => [entry?.field, entry?.message].filter((part) => typeof part === 'string' && part.trim() !== '').join(': '))
		.filter(Boolean)
		.join('; ');
}

/** Names the scopes in Zoom's 4711 message, e.g. "Invalid access token, does not contain scopes:[a, b]." */
export function missingScopesFrom(message: string | undefined): string[] {
	const match = /scopes?\s*:?\s*\[([^\]]*)\]/i.exec(message ?? '');
	if (!match) return [];
	return match[1]
		.split(/[\s,]+/)
		.map((scope) => scope.trim())
		.filter((scope) => scope.length > 0);
}

const ME_HINT =
	'Zoom takes "me" only from user-level OAuth apps; this credential is a Server-to-Server app, so Zoom Phone refuses "me" (code 300, "Invalid user id"). Enter the user\'s Zoom user ID or email instead, or read the whole account\'s conversations (Conversations Of: Account).';

/** Code 300 means a different thing on each endpoint (OpenAPI extract). */
function hintFor300(body: ZoomApiErrorBody | undefined, endpoint: ZoomEndpoint | undefined): string | undefined {
	const said = String(body?.message ?? '');
	if (fieldErrorsText(body)) {
		return 'Zoom\'s validation failed for the fields in Zoom\'s details: correct those values and run again.';
	}
	if (endpoint === 'listUserSessions' || endpoint === 'getPhoneUser' || /user id|user does not exist/i.test(said)) return ME_HINT;
	if (endpoint === 'syncSession' || /sync token/i.test(said)) {
		return 'Zoom\'s sync token for this conversation expired (code 300). Read the conversation again from the start (a full sync).';
	}
	if (endpoint === 'sendSms' || /content type/i.test(said)) {
		return 'Zoom did not accept the request\'s format (code 300, "Unsupported content type"). The node sends JSON; a proxy between n8n and Zoom may have changed the request. Check the API Base URL of the credential.';
	}
	return undefined;
}

/**
 * A hint for the codes Zoom documents (and the ones users meet most), or undefined when Zoom's own message
 * is all there is to say. `endpoint` is the endpoint that answered; without it the hint is the general one.
 */
export function hintForZoomError(httpStatus: number | undefined, body: ZoomApiErrorBody | undefined, endpoint?: ZoomEndpoint): string | undefined {
	const code = body?.code === undefined ? undefined : Number(body.code);
	switch (code) {
		case 300:
			return hintFor300(body, endpoint) ?? genericHint(httpStatus);
		case 316:
		case 7001:
			return 'Zoom rejected a phone number. The sender must be an SMS-capable number of your Zoom account, and every number must be in E.164 format such as +15551234567. Check the From and To values.';
		case 124:
			return 'Zoom rejected the access token. n8n fetches a new one automatically; if this persists, check that the Server-to-Server OAuth app is activated and the credential belongs to the same account.';
		case 4711:
			return missingScopeHint(body, endpoint);
		case 2001:
			return `Zoom says the account does not exist (code 2001). The credential's Account ID must be the Zoom account that owns ${
				endpoint === 'sendSms' ? 'the From number' : endpoint === 'getSession' || endpoint === 'getMessage' ? 'the conversation (check the Session ID too)' : 'the numbers and conversations'
			}, with Zoom Phone set up on it: copy the Account ID again from the app's App Credentials page.`;
		case 1004:
			return 'Zoom does not allow this app to read that account (code 1004, "Not allow to access this account"). The Session ID and Message ID must come from the credential\'s own Zoom account, and a Server-to-Server app needs the admin scope phone:read:sms_message:admin (not phone:read:sms_message).';
		case 7012:
		case 7013:
			return `Zoom could not read ${code === 7013 ? 'this conversation\'s history' : 'the SMS conversations'} (code ${code}). Check that the Session ID is a conversation of this account (Conversation → Get Many lists them) and that Start Date and End Date cover a range Zoom still keeps; if they are right, try again later. [UNVERIFIED] Zoom documents no other cause.`;
		case 7028:
			return 'Zoom does not allow this number to send SMS. Use a number assigned to a user, call queue or auto receptionist that is enabled for SMS and registered in an approved 10DLC campaign (US/Canada).';
		case 1001:
		case 1024:
		case 135:
			return endpoint === 'listUserSessions'
				? 'Zoom found no such user in this account. Enter the Zoom user\'s ID or email address exactly as Zoom shows it (Users page), not "me".'
				: 'Zoom could not match the sender to a Zoom Phone user. Pick a From number that is assigned to a user, call queue or auto receptionist in this account.';
		case 12004:
			return 'The Session ID does not exist in this account. Leave Session ID empty to let Zoom pick the conversation.';
		case 121:
		case 138:
		case 140:
			return 'Zoom rejected an attachment. Attach PNG, JPEG or GIF images whose content matches their type.';
		case 429:
			return 'Zoom rate limit reached. Lower the node\'s Requests per Second option (Zoom allows 10 per second on Pro accounts, 20 on Business, shared by every app on the account).';
		default:
			break;
	}
	if (fieldErrorsText(body)) return hintFor300(body, endpoint);
	return genericHint(httpStatus);
}

function genericHint(httpStatus: number | undefined): string | undefined {
	if (httpStatus === 429) {
		return hintForZoomError(undefined, { code: 429 });
	}
	if (httpStatus === 403) {
		return 'Zoom refused access. Zoom Phone and SMS must be enabled for the account, and the app owner needs Phone admin privileges.';
	}
	if (httpStatus !== undefined && httpStatus >= 500) {
		return 'Zoom had a server error. The message may not have been processed; check the conversation in Zoom before sending again.';
	}
	return undefined;
}

/**
 * 4711: the scopes Zoom names (its message ends with "does not contain scopes:[a, b]." [UNVERIFIED]: the
 * text is from a user's report, not from Zoom's documentation), else the endpoint's own scope.
 */
function missingScopeHint(body: ZoomApiErrorBody | undefined, endpoint: ZoomEndpoint | undefined): string {
	const named = missingScopesFrom(body?.message);
	const needs = endpoint ? ENDPOINT_NEEDS[endpoint] : undefined;
	const scopes = named.length > 0 ? named : needs ? [needs.scope] : [];
	const usedBy = needs ? `, needed by ${needs.usedBy}` : '';
	const typed = endpoint === 'listNumbers' ? ' Until then, set From to "By Number" and type the number that sends.' : '';
	return `The Zoom app is missing scopes${formatScopes(scopes)}${usedBy}. ${SCOPES_DOC}${typed}`;
}

function formatScopes(scopes: string[]): string {
	return scopes.length > 0 ? ` (${scopes.join(', ')})` : '';
}

export interface OAuthErrorBody {
	reason?: string;
	error?: string;
}

/** The message for a failed `POST /oauth/token`, given Zoom's status and body (or a network error code). */
export function explainTokenFailure(input: {
	httpStatus?: number;
	body?: OAuthErrorBody | string;
	networkErrorCode?: string;
	tokenUrl: string;
}): string {
	const { httpStatus, networkErrorCode, tokenUrl } = input;
	const body: OAuthErrorBody = typeof input.body === 'object' && input.body !== null ? input.body : {};
	if (httpStatus === undefined) {
		return `Could not reach Zoom's token endpoint ${tokenUrl}${networkErrorCode ? ` (${networkErrorCode})` : ''}. Check the credential's Environment (and its base URLs for Custom) and that n8n can reach Zoom.`;
	}
	const said = body.reason ? ` Zoom said: "${body.reason}".` : '';
	if (body.error === 'invalid_client' || httpStatus === 401) {
		return `Zoom rejected the Client ID or Client Secret (HTTP ${httpStatus}${body.error ? `, ${body.error}` : ''}).${said} Copy both again from the Zoom App Marketplace → Manage → your Server-to-Server OAuth app → App Credentials, and check that the app is activated.`;
	}
	if (body.error === 'unsupported_grant_type') {
		return `Zoom refused the account_credentials grant (HTTP ${httpStatus}).${said} The credential must come from a Server-to-Server OAuth app, not an OAuth or General app.`;
	}
	if (body.error === 'invalid_request' || body.error === 'invalid_grant' || /account/i.test(body.reason ?? '')) {
		return `Zoom did not accept the Account ID (HTTP ${httpStatus}).${said} Copy the Account ID from the same app's App Credentials page.`;
	}
	return `Zoom's token endpoint answered HTTP ${httpStatus}.${said} Check the Account ID, Client ID and Client Secret on the app's App Credentials page.`;
}

/** The name of the errors the credential throws before any request leaves (failures.ts looks for it). */
export const CREDENTIAL_ERROR_NAME = 'ZoomCredentialError';

/**
 * Thrown by the credential's token request (preAuthentication): its message says what to fix. It is told
 * apart by its name, not its class, because n8n wraps it (NodeApiError → cause) on the way to the node.
 */
export class ZoomCredentialError extends Error {
	override readonly name = CREDENTIAL_ERROR_NAME;
}
