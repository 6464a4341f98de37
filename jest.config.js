/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	// The scanner's fixture packages are data, not modules (their package.json files share a name).
	modulePathIgnorePatterns: ['<rootDir>/test/fixtures/'],
	// Type checking is done once for the whole project by `tsc` in the build; tests only transpile.
	transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
	testTimeout: 30000,
};
