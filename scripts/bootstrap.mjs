// Entry point of the npm scripts. It runs before node_modules exists, so it uses Node's built-ins only:
// it installs the dependencies when they are missing or stale, builds with tsc, then runs the command.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const startedAt = Date.now();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stamp = path.join(root, 'node_modules', '.installed-lock-hash');

function fail(message) {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function run(command, args, label) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  if (result.error) fail(`${label}: could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) fail(`${label} failed (exit code ${result.status ?? result.signal}).`);
}

const major = Number(process.versions.node.split('.')[0]);
if (major < 20) fail(`Node ${process.versions.node} is too old: this service needs Node 20 or newer.`);

/** Installs exactly what package-lock.json says, whenever it differs from what was installed last. */
function ensureDependencies() {
  const lock = readFileSync(path.join(root, 'package-lock.json'));
  const hash = createHash('sha256').update(lock).digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return;
  process.stdout.write('Installing dependencies (npm ci)…\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  run(npm, ['ci', '--no-audit', '--no-fund'], 'npm ci');
  writeFileSync(stamp, hash);
}

function build() {
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  run(process.execPath, [tsc, '-p', 'tsconfig.build.json'], 'build (tsc)');
  // The map page's scripts: browser modules, built with their own options (DOM, ES modules).
  run(process.execPath, [tsc, '-p', path.join('web', 'tsconfig.json')], 'build of the map page (tsc)');
}

function bin(name) {
  return path.join(root, 'node_modules', '.bin', name);
}

const command = process.argv[2] ?? 'start';
ensureDependencies();

if (command === 'test') {
  run(bin('eslint'), ['--max-warnings', '0', '.'], 'lint (eslint)');
  run(bin('prettier'), ['--check', '--log-level', 'warn', '.'], 'format check (prettier)');
  run(
    process.execPath,
    [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json', '--noEmit'],
    'type-check (tsc)',
  );
  build();
  run(bin('jest'), process.argv.slice(3), 'jest');
} else if (command === 'fuzz') {
  // The differential oracle of the read API, longer than in npm test: --seed S --runs N.
  const options = { seed: undefined, runs: undefined };
  const args = process.argv.slice(3);
  for (let i = 0; i < args.length; i += 1) {
    const name = args[i]?.replace(/^--/, '');
    if (!(name in options) || !/^\d+$/.test(args[i + 1] ?? ''))
      fail('usage: npm run fuzz -- --seed S --runs N');
    options[name] = args[i + 1];
    i += 1;
  }
  build();
  if (options.seed) process.env.ORACLE_SEED = options.seed;
  if (options.runs) process.env.ORACLE_RUNS = options.runs;
  run(bin('jest'), ['tests/integration/oracle.int.test.ts'], 'fuzz');
} else {
  build();
  process.env.BOOT_STARTED_AT = String(startedAt);
  process.env.BOOT_BUILT_AT = String(Date.now());
  // The benchmark and the tools live beside the service, not in it: src/ never imports bench/ or tools/.
  const entry =
    command === 'bench'
      ? ['bench', 'main.js']
      : command === 'generate' || command === 'eval:candidates'
        ? ['tools', 'cli.js']
        : ['src', 'cli.js'];
  const cli = await import(pathToFileURL(path.join(root, 'dist', ...entry)).href);
  const code = await cli.default.main(
    [command === 'start' ? 'serve' : command, ...process.argv.slice(3)],
    startedAt,
  );
  if (code !== undefined) process.exit(code);
}
