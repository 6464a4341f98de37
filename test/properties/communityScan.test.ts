/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals --
   test tooling, never shipped: it runs the verify script. */
/**
 * `npm run verify` runs n8n's own community-package scanner (@n8n/scan-community-package) on the source
 * and on the packed tarball. These tests prove the scanner really runs and would fail a bad package: two
 * tiny fixture packages that differ only in what n8n forbids, one in its source (the `process` global)
 * and one in its shipped JavaScript (a shell through child_process), each caught by its own leg.
 * (This package itself is scanned by `npm test`, right after the build.)
 */
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'scan');

async function verify(folder: string): Promise<{ code: number; output: string }> {
	try {
		const { stdout, stderr } = await run(process.execPath, [join(ROOT, 'scripts', 'verify.mjs'), join(FIXTURES, folder)], { cwd: ROOT, timeout: 120_000 });
		return { code: 0, output: stdout + stderr };
	} catch (error) {
		const failed = error as { code?: number; stdout?: string; stderr?: string };
		return { code: typeof failed.code === 'number' ? failed.code : -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
	}
}

test('a clean package passes both legs of the scan', async () => {
	const { code, output } = await verify('good-package');
	expect(output).toMatch(/✅ n8n community-package scan, source .*: passed/);
	expect(output).toMatch(/✅ n8n community-package scan, packed tarball n8n-nodes-scan-fixture-0\.0\.1\.tgz .*: passed/);
	expect(code).toBe(0);
}, 130_000);

test('a package with forbidden code fails, each leg naming the rule and the file', async () => {
	const { code, output } = await verify('bad-package');
	expect(code).toBe(1);
	expect(output).toMatch(/❌ n8n community-package scan, source .*: ESLint violations found/);
	expect(output).toMatch(/bad-package\/nodes\/Echo\/Echo\.node\.js\n.*Use of restricted global 'process'.*no-restricted-globals/);
	expect(output).toMatch(/❌ n8n community-package scan, packed tarball .*: ESLint violations found/);
	expect(output).toMatch(/unpacked\/dist\/nodes\/Echo\/Echo\.node\.js\n.*Require of 'child_process' is not allowed.*no-restricted-imports/);
	expect(output).toMatch(/no-dangerous-functions/);
}, 130_000);
