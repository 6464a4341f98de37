/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals --
   test tooling, never shipped: it runs npm and reads the packed tarball. */
/**
 * What users install has no runtime dependency, so `npm audit` has nothing to report for it.
 *
 * `npm audit --omit=dev` is run as users' tooling would; on this machine's registry the bulk advisory
 * endpoint answers 405, so that command passes only because there is nothing to look up. The test
 * therefore also checks the reason directly, on the tarball `npm pack` makes: its package.json declares
 * no dependencies (n8n-workflow is a peer n8n provides), and the bundled code loads nothing but
 * n8n-workflow and Node's built-ins (libphonenumber-js is inlined by the build).
 *
 * Needs the build (`npm test` runs it first; alone: `npm run build`).
 */
import { execFile } from 'node:child_process';
import { builtinModules } from 'node:module';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '..', '..');
const npmEnv = { ...process.env, npm_config_loglevel: 'error', npm_config_update_notifier: 'false', npm_config_fund: 'false' };

let workDir: string;
beforeAll(() => {
	workDir = mkdtempSync(join(tmpdir(), 'zoom-sms-published-'));
});
afterAll(() => {
	rmSync(workDir, { recursive: true, force: true });
});

test('npm audit --omit=dev reports nothing for the published package', async () => {
	const { stdout } = await run('npm', ['audit', '--omit=dev', '--json'], { cwd: ROOT, env: npmEnv, timeout: 120_000 });
	const report = JSON.parse(stdout) as { metadata: { vulnerabilities: { total: number }; dependencies: { prod: number } } };
	expect(report.metadata.vulnerabilities.total).toBe(0);
	// The package itself is its one production "dependency": there is nothing else to audit.
	expect(report.metadata.dependencies.prod).toBeLessThanOrEqual(1);
}, 130_000);

test('the packed tarball declares no dependency and its code loads only n8n-workflow and Node built-ins', async () => {
	const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', workDir], { cwd: ROOT, env: npmEnv, timeout: 120_000 });
	const [{ filename, files }] = JSON.parse(stdout.slice(stdout.indexOf('['))) as Array<{ filename: string; files: Array<{ path: string }> }>;
	await run('tar', ['-xzf', join(workDir, filename), '-C', workDir]);
	const packed = join(workDir, 'package');

	const manifest = JSON.parse(readFileSync(join(packed, 'package.json'), 'utf8')) as Record<string, unknown> & { n8n: { nodes: string[]; credentials: string[] } };
	for (const field of ['dependencies', 'optionalDependencies', 'bundleDependencies', 'bundledDependencies']) {
		expect({ field, declared: manifest[field] }).toEqual({ field, declared: undefined });
	}
	expect(Object.keys((manifest.peerDependencies as object | undefined) ?? {})).toEqual(['n8n-workflow']);

	const entries = [...manifest.n8n.nodes, ...manifest.n8n.credentials];
	const paths = files.map((file) => file.path);
	expect({ missingFromTarball: entries.filter((entry) => !paths.includes(entry)), hint: 'run `npm run build` first' }).toEqual({
		missingFromTarball: [],
		hint: 'run `npm run build` first',
	});

	const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
	const loaded = new Set<string>();
	for (const path of paths.filter((candidate) => candidate.endsWith('.js'))) {
		const code = readFileSync(join(packed, path), 'utf8');
		for (const match of code.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)|\bimport\(\s*["'`]([^"'`]+)["'`]\s*\)/g)) {
			const specifier = match[1] ?? match[2];
			if (!specifier.startsWith('.')) loaded.add(specifier);
		}
	}
	const external = [...loaded].filter((specifier) => specifier !== 'n8n-workflow' && !builtins.has(specifier));
	expect(external).toEqual([]);
	expect(loaded.has('n8n-workflow')).toBe(true);
}, 130_000);
