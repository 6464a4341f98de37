/**
 * describeFailure (nodes/ZoomSms/transport/failures.ts): what kind of failure an error thrown by n8n's HTTP
 * helpers is. A bug in the node or in n8n (a TypeError…) is its own kind, `internal`, not a credential
 * failure: a credential failure stops every later request of the run, and its text blames the credential.
 */
import { NodeApiError, NodeOperationError, type INode } from 'n8n-workflow';

import { ZoomCredentialError } from '../../nodes/shared/zoomErrors';
import { describeFailure, sendVerdict, zoomApiError } from '../../nodes/ZoomSms/transport/failures';

const node: INode = { id: '1', name: 'Zoom SMS', type: 'n8n-nodes-zoom-sms.zoomSms', typeVersion: 1.1, position: [0, 0], parameters: {} };

/** As n8n's httpRequestWithAuthentication hands errors on: wrapped in a NodeApiError (original as `cause`). */
const wrapped = (error: Error) => new NodeApiError(node, error as never);

function axiosError(status: number | undefined, data?: unknown, code?: string): Error {
	return Object.assign(new Error(status ? `Request failed with status code ${status}` : 'connect failed'), {
		isAxiosError: true,
		...(code ? { code } : {}),
		...(status !== undefined ? { response: { status, data, headers: { 'x-zm-trackingid': 'v=2.0;clid=us06' } } } : {}),
	});
}

describe('describeFailure', () => {
	test.each<[string, unknown, { kind: string; notSent: boolean; message?: RegExp }]>([
		['a Zoom answer', wrapped(axiosError(400, { code: 300, message: 'Validation Failed.' })), { kind: 'http', notSent: false, message: /Validation Failed/ }],
		['a refused connection', wrapped(axiosError(undefined, undefined, 'ECONNREFUSED')), { kind: 'network', notSent: true }],
		['a timeout', wrapped(axiosError(undefined, undefined, 'ETIMEDOUT')), { kind: 'timeout', notSent: false }],
		['the credential\'s token request failed', wrapped(new ZoomCredentialError('Zoom rejected the Client ID or Client Secret (HTTP 400).')), { kind: 'credential', notSent: true, message: /Client ID or Client Secret/ }],
		['the credential error wrapped twice', new NodeOperationError(node, wrapped(new ZoomCredentialError('needs an Account ID'))), { kind: 'credential', notSent: true, message: /needs an Account ID/ }],
		['n8n could not read the credential', wrapped(new NodeOperationError(node, 'Node "Zoom SMS" does not have any credentials of type "zoomSmsApi" set')), { kind: 'credential', notSent: true, message: /credentials/ }],
		['a TypeError inside a read (a bug)', wrapped(new TypeError("Cannot read properties of undefined (reading 'phone_numbers')")), { kind: 'internal', notSent: false, message: /^TypeError: Cannot read properties/ }],
		['a bug thrown bare', new RangeError('Invalid array length'), { kind: 'internal', notSent: false, message: /^RangeError: Invalid array length/ }],
		['a plain Error that is no credential problem', wrapped(new Error('Unexpected end of JSON input')), { kind: 'internal', notSent: false, message: /Unexpected end of JSON input/ }],
	])('%s', (_, error, expected) => {
		const failure = describeFailure(error);
		expect(failure.kind).toBe(expected.kind);
		expect(failure.notSent).toBe(expected.notSent);
		if (expected.message) expect(failure.message).toMatch(expected.message);
	});

	test('a bug during a send leaves its fate unknown (never "not sent", so it is never sent again)', () => {
		expect(sendVerdict(describeFailure(new TypeError('x is not a function')))).toBe('unknown');
	});
});

describe('zoomApiError', () => {
	test('Zoom\'s errors[] field messages and the endpoint\'s hint are in the description, errors[] in the response', () => {
		const failure = describeFailure(
			wrapped(axiosError(400, { code: 300, message: 'Validation Failed.', errors: [{ field: 'to_members[0].phone_number', message: 'Invalid phone number.' }] })),
		);
		const error = zoomApiError(node, failure, { itemIndex: 2, prefix: 'Item 2', endpoint: 'sendSms' });
		expect(error.message).toBe('Item 2: Zoom answered 400 (code 300): Validation Failed.');
		expect(error.description).toMatch(/^Zoom's details: to_members\[0\]\.phone_number: Invalid phone number\. Zoom's validation failed for the fields/);
		expect(error.description).toMatch(/Zoom tracking ID: v=2\.0;clid=us06$/);
		expect(JSON.stringify(error.errorResponse)).toContain('Invalid phone number.');
	});

	test('a bug says it is one, and does not blame the credential', () => {
		const error = zoomApiError(node, describeFailure(wrapped(new TypeError('boom'))), { prefix: 'Item 0' });
		expect(error.message).toBe('Item 0: Unexpected error in the node (TypeError: boom)');
		expect(error.description).toMatch(/not a credential problem/);
		expect(`${error.message} ${error.description}`).not.toMatch(/access token/i);
	});
});
