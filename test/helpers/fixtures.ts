import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { SEED } from '../simulator/seed';
import { DEFAULT_CREDENTIALS, type ZoomSimulator } from '../simulator/zoomSimulator';

/** A Zoom SMS API credential pointing at a running simulator (the Custom environment). */
export function simulatorCredential(
	sim: ZoomSimulator,
	overrides: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject {
	return {
		environment: 'custom',
		oauthBaseUrl: sim.url,
		apiBaseUrl: `${sim.url}/v2`,
		accountId: DEFAULT_CREDENTIALS.accountId,
		clientId: DEFAULT_CREDENTIALS.clientId,
		clientSecret: DEFAULT_CREDENTIALS.clientSecret,
		webhookSecretToken: 'sim-webhook-secret-token',
		...overrides,
	};
}

/** Parameters of a Message → Send node. */
export function sendParameters(overrides: IDataObject = {}): IDataObject {
	return {
		resource: 'message',
		operation: 'send',
		from: { __rl: true, mode: 'number', value: SEED.accountNumbers.alex },
		to: '={{ $json.phone }}',
		message: '={{ $json.text }}',
		...overrides,
	};
}

/** Every secret a test credential holds, to assert that none of them leaks. */
export function secretsOf(credential: ICredentialDataDecryptedObject, sim: ZoomSimulator): string[] {
	const tokens = sim.messages.map((message) => message.accessToken);
	return [String(credential.clientSecret), String(credential.webhookSecretToken), ...tokens].filter((secret) => secret.length > 0);
}
