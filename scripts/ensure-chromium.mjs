// The dashboard's browser tests drive Debian's Chromium (playwright-core never downloads a browser here).
// This makes sure it is installed: nothing to do when /usr/bin/chromium exists; otherwise, as root on Debian,
// it is installed from Debian's packages; anywhere else it says what to install and stops.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

if (existsSync(CHROMIUM)) process.exit(0);

const root = typeof process.getuid === 'function' && process.getuid() === 0;
if (!root || !existsSync('/usr/bin/apt-get')) {
  process.stderr.write(`Chromium is needed for the dashboard's browser tests and is not at ${CHROMIUM}.\n` + 'Install Debian\'s package (apt-get install chromium) or set CHROMIUM_PATH to a Chromium binary.\n');
  process.exit(1);
}

process.stderr.write('Installing Debian\'s chromium for the dashboard\'s browser tests…\n');
const apt = (args) => execFileSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
try {
  apt(['install', '-y', '--no-install-recommends', 'chromium']);
} catch {
  apt(['update']);
  apt(['install', '-y', '--no-install-recommends', 'chromium']);
}
if (!existsSync(CHROMIUM)) {
  process.stderr.write(`apt-get finished but ${CHROMIUM} is still missing.\n`);
  process.exit(1);
}
