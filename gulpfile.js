// `npm run build`: type-check everything, bundle each node and credential into dist/ with its
// dependencies inlined (n8n's rules forbid runtime dependencies, yet the node uses the real
// libphonenumber-js), and copy the icons and codex files next to them.
const { src, dest, series } = require('gulp');
const { execFileSync } = require('node:child_process');
const { rmSync } = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');
const pkg = require('./package.json');

const toSource = (built) => built.replace(/^dist\//, '').replace(/\.js$/, '.ts');

function clean(done) {
	rmSync(path.join(__dirname, 'dist'), { recursive: true, force: true });
	done();
}

function typecheck(done) {
	execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.json'], {
		stdio: 'inherit',
	});
	done();
}

async function bundle() {
	// The entry points are exactly what package.json registers with n8n, plus the reusable helpers.
	const entries = [...pkg.n8n.nodes, ...pkg.n8n.credentials, 'dist/shared/index.js'];
	await esbuild.build({
		entryPoints: entries.map((built) => ({ in: toSource(built.replace(/^dist\/shared/, 'dist/nodes/shared')), out: built.replace(/^dist\//, '').replace(/\.js$/, '') })),
		outdir: 'dist',
		bundle: true,
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		external: ['n8n-workflow'],
		// n8n finds a node's class by its file name, so class names must survive bundling.
		keepNames: true,
		legalComments: 'inline',
		logLevel: 'warning',
	});
}

function icons() {
	return src('icons/*.svg').pipe(dest('dist/icons'));
}

function codex() {
	return src('nodes/**/*.node.json').pipe(dest('dist/nodes'));
}

exports.build = series(clean, typecheck, bundle, icons, codex);
exports.bundle = series(clean, bundle, icons, codex);
