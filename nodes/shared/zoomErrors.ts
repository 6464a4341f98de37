/**
 * Turns what Zoom answers into messages that say what to fix. Zoom's API errors are `{ code, message }`;
 * its OAuth endpoint answers `{ reason, error }` instead (zoom-api.md §1). Nothing here ever includes a
 * credential value: only what Zoom said and what the user should do.
 */

export const SCOPES_DOC =
	'In the Zoom App Marketplace open Manage → your Server-to-Server OAuth app → Scopes, add the missing scopes, then activate the app again.';

export interface ZoomApiErrorBody {
	code?: number | string;
	message?: string;
	errors?: Array<{ field?: string; message?: string }>;
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

/** A hint for the error codes users meet most, or undefined when Zoom's own message is all there is to say. */
export function hintForZoomError(httpStatus: number | undefined, body: ZoomApiErrorBody | undefined): string | undefined {
	const code = body?.code === undefined ? undefined : Number(body.code);
	switch (code) {
		case 316:
		case 7001:
			return 'Zoom rejected a phone number. The sender must be an SMS-capable number of your Zoom account, and every number must be in E.164 format such as +15551234567. Check the From and To values.';
		case 124:
			return 'Zoom rejected the access token. n8n fetches a new one automatically; if this persists, check that the Server-to-Server OAuth app is activated and the credential belongs to the same account.';
		case 4711:
			return `The Zoom app is missing scopes${formatScopes(missingScopesFrom(body?.message))}. ${SCOPES_DOC}`;
		case 7028:
			return 'Zoom does not allow this number to send SMS. Use a number assigned to a user, call queue or auto receptionist that is enabled for SMS and registered in an approved 10DLC campaign (US/Canada).';
		case 1001:
		case 1024:
		case 135:
			return 'Zoom could not match the sender to a Zoom Phone user. Pick a From number that is assigned to a user, call queue or auto receptionist in this account.';
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
