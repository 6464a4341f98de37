#!/usr/bin/env node
/**
 * `npm run verify`: n8n's own community-package scanner (@n8n/scan-community-package, what n8n runs before
 * it marks a package verified) on this package, offline. n8n's scan (analyzePackageByName) has two legs,
 * both run here with the scanner's own analyzePackage and file patterns:
 *   1. the source the package is built from: package.json, nodes/ and credentials/ (SOURCE_FILE_PATTERNS);
 *   2. the tarball users install, as `npm pack` makes it: its compiled JavaScript and its package.json.
 * What n8n adds around them needs the registry (npm provenance, downloading the attested GitHub source and
 * the published tarball), so it is replaced by this folder and a local `npm pack`.
 *
 * Usage: node scripts/verify.mjs [--build] [package folder, default: this repository]
 *   --build  runs `gulp build` first (`npm run verify` does; `npm test` builds before it calls this).
 * Exit code 0 when both legs pass, 1 when the scanner found something (its findings are printed), 2 when
 * the scan could not run.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const build = args.includes('--build');
const packageDir = resolve(args.find((arg) => !arg.startsWith('--')) ?? ROOT);

// The scanner depends on TypeScript 7, whose package has no JavaScript API: the TypeScript ESLint parser it
// lints with must find this repository's TypeScript 5 instead (npm nests the 7 under the scanner and
// leaves the parser beside our TypeScript). Checked, so a change of layout fails clearly, not oddly.
const parserRequire = createRequire(createRequire(join(ROOT, 'package.json')).resolve('@typescript-eslint/parser'));
const parserTypeScript = parserRequire('typescript/package.json').version;
if (!parserTypeScript.startsWith('5.')) {
	console.error(`verify: the scanner's TypeScript parser would use TypeScript ${parserTypeScript}; it needs 5.x (keep "typescript": "5.x" in devDependencies).`);
	process.exit(2);
}

// Everything this run writes goes in one folder, removed at the end: the scanner makes a temp folder of
// its own when it is imported (for packages it would download) and leaves it behind, so it is pointed here.
const workRoot = mkdtempSync(join(tmpdir(), 'zoom-sms-verify-'));
process.on('exit', () => rmSync(workRoot, { recursive: true, force: true }));
process.env.TMPDIR = workRoot;

// The scanner is an ES module without an "exports" map, so its scanner module is imported by path,
// resolved from this repository's dependencies.
const { analyzePackage, SOURCE_FILE_PATTERNS } = await import('@n8n/scan-community-package/scanner/scanner.mjs');

const npmEnv = { ...process.env, npm_config_loglevel: 'error', npm_config_update_notifier: 'false', npm_config_fund: 'false' };

if (build) execFileSync('gulp', ['build'], { cwd: ROOT, stdio: 'inherit' });
if (packageDir === ROOT && !existsSync(join(ROOT, 'dist'))) {
	console.error('verify: dist/ is missing; run `npm run build` first (or `npm run verify`, which builds).');
	process.exit(2);
}

/** Both legs, each as n8n's scan runs it; returns the failed ones. */
async function scan() {
	const results = [];
	results.push({ leg: `source (${SOURCE_FILE_PATTERNS.join(', ')})`, ...(await analyzePackage(packageDir, SOURCE_FILE_PATTERNS)) });
	const workDir = mkdtempSync(join(workRoot, 'pack-'));
	try {
		// --ignore-scripts: the folder's own prepack/prepare scripts are not what is being checked.
		execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', workDir], { cwd: packageDir, env: npmEnv, stdio: ['ignore', 'ignore', 'inherit'] });
		const tarball = readdirSync(workDir).find((name) => name.endsWith('.tgz'));
		if (!tarball) throw new Error('npm pack made no tarball');
		const unpacked = join(workDir, 'unpacked');
		execFileSync('mkdir', ['-p', unpacked]);
		execFileSync('tar', ['-xzf', join(workDir, tarball), '-C', unpacked, '--strip-components=1']);
		results.push({ leg: `packed tarball ${tarball} (**/*.js, package.json)`, ...(await analyzePackage(unpacked, ['**/*.js', 'package.json'])) });
	} finally {
		rmSync(workDir, { recursive: true, force: true });
	}
	return results;
}

let results;
try {
	results = await scan();
} catch (error) {
	console.error(`verify: the scan could not run: ${error.message}`);
	process.exit(2);
}
for (const result of results) {
	if (result.error) {
		console.error(`verify: the scan could not run on the ${result.leg}: ${result.message}`);
		process.exit(2);
	}
	console.log(`${result.passed ? '✅' : '❌'} n8n community-package scan, ${result.leg}: ${result.passed ? (result.message ?? 'passed') : result.message}`);
	if (result.details) console.log(result.details);
}
process.exit(results.every((result) => result.passed) ? 0 : 1);
