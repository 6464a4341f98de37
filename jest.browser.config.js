/**
 * `npm run test:browser`: n8n's editor in Debian's Chromium (playwright-core), against `npm run demo`.
 * Separate from the other suites: it needs Chromium and starts the demo (n8n, the simulator).
 */
/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/browser'],
	testMatch: ['**/*.browser.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
	globalSetup: '<rootDir>/test/e2e/globalSetup.ts',
	globalTeardown: '<rootDir>/test/e2e/globalTeardown.ts',
	maxWorkers: 1,
	testTimeout: 300000,
	slowTestThreshold: 120,
};
