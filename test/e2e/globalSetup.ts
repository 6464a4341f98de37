/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test tooling, never shipped: jest's global setup shares the tarball path through the environment. */
/**
 * Packs the package once per jest run; every test file installs that same tarball ($ZOOM_SMS_E2E_TARBALL).
 */
import { n8nBinary, packagedTarball } from './n8nHarness';

export default async function globalSetup(): Promise<void> {
	n8nBinary(); // a clear message now rather than one per test file
	const started = Date.now();
	const given = process.env.ZOOM_SMS_E2E_TARBALL;
	const tarball = await packagedTarball();
	process.env.ZOOM_SMS_E2E_TARBALL = tarball;
	// Ours to remove in the global teardown, unless the caller handed it in.
	if (tarball !== given) process.env.ZOOM_SMS_E2E_TARBALL_PACKED_BY_SETUP = '1';
	process.stderr.write(`\n[e2e] packed ${tarball} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
