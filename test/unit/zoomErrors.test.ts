/**
 * Zoom's error codes → hints, per endpoint (nodes/shared/zoomErrors.ts). The codes and endpoints are those
 * of Zoom's OpenAPI extract (../shared/reference/zoom-phone-sms.openapi.json); 4711 is zoom-api.md §1.
 */
import { fieldErrorsText, hintForZoomError, missingScopesFrom, type ZoomApiErrorBody, type ZoomEndpoint } from '../../nodes/shared/zoomErrors';

describe('hintForZoomError', () => {
	test.each<[string, number, ZoomApiErrorBody, ZoomEndpoint | undefined, RegExp]>([
		// 300 means something else on each endpoint.
		['300 "Invalid user id" on a user\'s conversations: "me" with a Server-to-Server token', 400, { code: 300, message: 'Invalid user id.' }, 'listUserSessions', /"me" only from user-level OAuth apps.*Server-to-Server.*user's Zoom user ID or email/],
		['300 "Invalid user id" without the endpoint still explains "me"', 400, { code: 300, message: 'Invalid user id.' }, undefined, /"me"/],
		['300 on Send: the request\'s content type', 400, { code: 300, message: 'Unsupported content type.' }, 'sendSms', /Unsupported content type.*proxy/],
		['300 on Sync: the sync token expired', 404, { code: 300, message: 'The sync token is invalid or expired.' }, 'syncSession', /sync token.*expired/],
		['300 "Validation Failed." with errors[]: fix the fields', 400, { code: 300, message: 'Validation Failed.', errors: [{ field: 'zoom_phone_user_numbers', message: 'Missing field.' }] }, 'sendSms', /validation failed for the fields/],
		// 7013 / 7012: Zoom could not read the history.
		['7013 on Message → Get Many', 404, { code: 7013, message: 'Error retrieving SMS history.' }, 'getSession', /could not read this conversation's history \(code 7013\).*Session ID/],
		['7012 on Conversation → Get Many', 404, { code: 7012, message: 'Error retrieving SMS.' }, 'listAccountSessions', /could not read the SMS conversations \(code 7012\)/],
		// 2001: the account.
		['2001 on Send names the From number', 400, { code: 2001, message: 'Account does not exist.' }, 'sendSms', /code 2001.*owns the From number.*Account ID/],
		['2001 on Message → Get names the conversation', 404, { code: 2001, message: 'Account does not exist.' }, 'getMessage', /code 2001.*Session ID.*Account ID/],
		// 1004: another account's message.
		['1004 on Message → Get', 400, { code: 1004, message: 'Not allow to access this account.' }, 'getMessage', /code 1004.*credential's own Zoom account.*phone:read:sms_message:admin/],
		// 4711: the scopes Zoom names, else the endpoint's.
		['4711 with Zoom\'s scope list', 400, { code: 4711, message: 'Invalid access token, does not contain scopes:[phone:read:list_numbers:admin].' }, 'listNumbers', /missing scopes \(phone:read:list_numbers:admin\), needed by the From list and Phone Number → Get Many.*"By Number"/],
		['4711 without a list: the endpoint\'s own scope', 400, { code: 4711, message: 'Invalid access token.' }, 'getSession', /missing scopes \(phone:read:sms_session:admin\), needed by Message → Get Many/],
		['4711 with two scopes', 400, { code: 4711, message: 'Invalid access token, does not contain scopes:[a:b:c:admin, d:e:f:admin].' }, undefined, /missing scopes \(a:b:c:admin, d:e:f:admin\)\. In the Zoom App Marketplace/],
		// Unchanged general hints.
		['7028 on Send', 400, { code: 7028, message: 'Do not allow to send SMS.' }, 'sendSms', /10DLC/],
		['1001 on a user\'s conversations', 404, { code: 1001, message: 'User does not exist: x.' }, 'listUserSessions', /no such user/],
		['a 5xx', 502, { message: 'Bad gateway' }, 'sendSms', /server error/],
	])('%s', (_, status, body, endpoint, hint) => {
		expect(hintForZoomError(status, body, endpoint)).toMatch(hint);
	});

	test('a code Zoom documents nothing more for gives no hint', () => {
		expect(hintForZoomError(400, { code: 400, message: 'SMS session type is invalid.' }, 'listAccountSessions')).toBeUndefined();
	});
});

describe('fieldErrorsText', () => {
	test.each<[string, ZoomApiErrorBody | undefined, string]>([
		['one field', { errors: [{ field: 'zoom_phone_user_numbers', message: 'Missing field.' }] }, 'zoom_phone_user_numbers: Missing field.'],
		['two fields', { errors: [{ field: 'to_members[0].phone_number', message: 'must not be blank' }, { field: 'sender', message: 'must not be null' }] }, 'to_members[0].phone_number: must not be blank; sender: must not be null'],
		['a message without a field', { errors: [{ message: 'Missing field.' }] }, 'Missing field.'],
		['empty entries are left out', { errors: [{}, { field: ' ', message: '' }] }, ''],
		['no errors[]', { code: 300, message: 'Validation Failed.' }, ''],
		['errors that is not an array', { errors: 'oops' as never }, ''],
		['no body', undefined, ''],
	])('%s', (_, body, text) => {
		expect(fieldErrorsText(body)).toBe(text);
	});
});

describe('missingScopesFrom', () => {
	test.each<[string | undefined, string[]]>([
		['Invalid access token, does not contain scopes:[user:read:list_users:admin].', ['user:read:list_users:admin']],
		['Invalid access token, does not contain scopes:[a, b]', ['a', 'b']],
		['Invalid access token.', []],
		[undefined, []],
	])('%s', (message, scopes) => {
		expect(missingScopesFrom(message)).toEqual(scopes);
	});
});
