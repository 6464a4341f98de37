/**
 * `npm run e2e`: the package installed from its tarball into a real n8n (see test/e2e/n8nHarness.ts).
 * Separate from jest.config.js because these tests start n8n processes: they run one file at a time, with
 * long timeouts, after the global setup has packed the package once.
 */
/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
	globalSetup: '<rootDir>/test/e2e/globalSetup.ts',
	globalTeardown: '<rootDir>/test/e2e/globalTeardown.ts',
	maxWorkers: 1,
	testTimeout: 180000,
	slowTestThreshold: 60,
};
