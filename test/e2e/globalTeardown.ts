/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test tooling, never shipped: jest's global teardown reads what the setup left in the environment. */
/**
 * Removes the tarball the global setup packed (the user folders are removed by each suite).
 */
import { removePackedTarball } from './n8nHarness';

export default async function globalTeardown(): Promise<void> {
	const tarball = process.env.ZOOM_SMS_E2E_TARBALL;
	if (tarball && process.env.ZOOM_SMS_E2E_TARBALL_PACKED_BY_SETUP === '1') removePackedTarball(tarball);
}
