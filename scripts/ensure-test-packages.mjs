// The tests drive a few programs from Debian's packages: Chromium (the dashboard's browser tests, through
// playwright-core, which never downloads a browser here), PgBouncer (test/pgbouncer.e2e-spec.ts runs the API
// through a real PgBouncer in transaction mode) and PostgreSQL's client tools (backups, restores and moves
// run pg_dump and pg_restore, of the embedded server's major version 15 or newer). This makes sure they are installed: nothing to do for a program
// that is already there; otherwise, as root on Debian, the missing packages are installed from Debian's archive;
// anywhere else it says what to install and stops.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Each program: the Debian package that brings it, where it is expected, and the variable that may point elsewhere. */
const NEEDED = [
  { pkg: 'chromium', path: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', variable: 'CHROMIUM_PATH' },
  { pkg: 'pgbouncer', path: process.env.PGBOUNCER_PATH ?? '/usr/sbin/pgbouncer', variable: 'PGBOUNCER_PATH' },
  { pkg: 'postgresql-client', path: process.env.PG_BIN_DIR ? `${process.env.PG_BIN_DIR}/pg_dump` : '/usr/bin/pg_dump', variable: 'PG_BIN_DIR' },
];

const missing = NEEDED.filter((program) => !existsSync(program.path));
if (missing.length === 0) process.exit(0);

const names = missing.map((program) => program.pkg);
const root = typeof process.getuid === 'function' && process.getuid() === 0;
if (!root || !existsSync('/usr/bin/apt-get')) {
  for (const program of missing) {
    process.stderr.write(`${program.pkg} is needed by the tests and is not at ${program.path}: install Debian's package, or set ${program.variable} to its binary.\n`);
  }
  process.stderr.write(`On Debian: sudo apt-get install --no-install-recommends ${names.join(' ')}\n`);
  process.exit(1);
}

process.stderr.write(`Installing Debian's ${names.join(' and ')} for the tests…\n`);
// The tests never use the pgbouncer service the package sets up: they start their own instance on a free port.
const apt = (args) => execFileSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
try {
  apt(['install', '-y', '--no-install-recommends', ...names]);
} catch {
  apt(['update']);
  apt(['install', '-y', '--no-install-recommends', ...names]);
}
const still = missing.filter((program) => !existsSync(program.path));
if (still.length > 0) {
  process.stderr.write(`apt-get finished but ${still.map((program) => program.path).join(', ')} is still missing.\n`);
  process.exit(1);
}
