// Entry point of the npm scripts. It runs before node_modules exists, so it uses Node's built-ins only:
// it installs the dependencies when they are missing or stale, builds with tsc, then runs the command.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, readFileSync, writeFileSync } from 'node:fs';
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

/** The first of the names that is an executable file on PATH, or undefined. */
function onPath(names) {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const name of names)
    for (const dir of dirs) {
      const file = path.join(dir, name);
      try {
        accessSync(file, constants.X_OK);
        return file;
      } catch {
        // not in this folder
      }
    }
  return undefined;
}

function debInstalled(pkg) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.trim() === 'install ok installed';
}

/**
 * The browser tests drive Debian's chromium (with fonts-noto-cjk for the Chinese labels): a browser that
 * playwright would download cannot be fetched on these networks. Present: two cheap look-ups. Missing as
 * root (CI): apt installs them. Missing otherwise: one line naming the package, never a silent skip.
 */
function ensureBrowser() {
  const missing = () => [
    ...(process.env.CHROMIUM_PATH || onPath(['chromium']) ? [] : ['chromium']),
    ...(debInstalled('fonts-noto-cjk') ? [] : ['fonts-noto-cjk']),
  ];
  let packages = missing();
  if (packages.length > 0 && process.getuid?.() === 0 && onPath(['apt-get'])) {
    process.stdout.write(`Installing ${packages.join(' and ')} for the browser tests (apt-get)…\n`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    for (const args of [['update'], ['install', '-y', ...packages]]) {
      const result = spawnSync('apt-get', args, { stdio: ['ignore', 'inherit', 'inherit'], env });
      if (result.status !== 0) fail(`apt-get ${args[0]} failed: install ${packages.join(' and ')} by hand`);
    }
    packages = missing();
  }
  if (packages.length > 0)
    fail(
      `The browser tests need Debian's ${packages.join(' and ')}: run \`apt-get install ${packages.join(' ')}\` as root (or set CHROMIUM_PATH).`,
    );
  process.env.CHROMIUM_PATH ||= onPath(['chromium']);
}

const command = process.argv[2] ?? 'start';
ensureDependencies();

if (command === 'test') {
  ensureBrowser();
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
  if (command === 'bench:map') ensureBrowser();
  // The benchmark and the tools live beside the service, not in it: src/ never imports bench/ or tools/.
  const entry =
    command === 'bench'
      ? ['bench', 'main.js']
      : command === 'bench:map'
        ? ['bench', 'map.js']
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
