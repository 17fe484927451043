import 'reflect-metadata';
import 'dotenv/config';
import { ConfigError, onShutdownSignal, prepareRuntime, redactPgUrl } from '@sophie/common';
import { migrateRegistry } from '@sophie/registry';
import { createApiApp, DOCS_PATH } from './app.factory';

/* eslint-disable no-console -- this file talks to the operator on the terminal. */

async function main(): Promise<void> {
  const runtime = await prepareRuntime(process.env);
  const { config } = runtime;
  await migrateRegistry(config.registryUrl);
  const { app, bootstrap } = await createApiApp(config);

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal} received: stopping…`);
    await app.close();
    await runtime.embedded?.stop();
    process.exit(0);
  };
  onShutdownSignal((signal) => void stop(signal));

  await app.listen(config.port, config.host);
  const shownHost = config.host === '0.0.0.0' ? 'localhost' : config.host;
  const base = `http://${shownHost}:${config.port}`;
  const lines = [
    '',
    'Sophie is running.',
    `  API:       ${base}/api`,
    `  API docs:  ${base}/${DOCS_PATH}`,
    `  Dashboard: ${base}/admin`,
    `  Health:    ${base}/health`,
    `  Database:  ${config.embedded ? `embedded PostgreSQL, data in ${config.dataDir}` : redactPgUrl(config.registryUrl)}`,
    `  Log in:    POST ${base}/api/auth/login with {"username": "${bootstrap.username}", "password": …}`,
  ];
  if (bootstrap.generatedPassword) {
    lines.push(`  First superadmin created. Password (shown once, keep it safe): ${bootstrap.generatedPassword}`);
  } else if (bootstrap.created) {
    lines.push('  First superadmin created with SUPERADMIN_PASSWORD.');
  } else {
    lines.push('  Superadmin password: the one set at first start (SUPERADMIN_PASSWORD or the one printed then).');
  }
  console.log(lines.join('\n'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error('Sophie could not start:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
