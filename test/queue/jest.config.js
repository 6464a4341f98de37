/**
 * `npm run test:queue` (scripts/queue-mode.sh): the package in n8n's queue mode. Separate from the unit
 * and end-to-end configurations because it starts Redis, PostgreSQL and three n8n processes: one file,
 * run alone, with long timeouts.
 */
/** @type {import('jest').Config} */
module.exports = {
	rootDir: '../..',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/queue'],
	testMatch: ['**/*.queue.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
	maxWorkers: 1,
	// beforeAll starts everything (a busy 2-core machine needs minutes for three n8n processes).
	testTimeout: 600000,
	slowTestThreshold: 120,
};
