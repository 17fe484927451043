import { FakeGoogle } from './google-fake';

/**
 * `npm run fake:google`: the fake Google OAuth and Calendar APIs on FAKE_GOOGLE_PORT (default 4020), with a small consent
 * page instead of Google's, for a local installation started with the settings it prints. Each call is printed as one line.
 */
async function main(): Promise<void> {
  const port = Number(process.env.FAKE_GOOGLE_PORT ?? 4020);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`FAKE_GOOGLE_PORT is not a port: ${process.env.FAKE_GOOGLE_PORT}`);
  const fake = await FakeGoogle.start({
    port,
    host: process.env.FAKE_GOOGLE_HOST,
    clientId: process.env.FAKE_GOOGLE_CLIENT_ID || undefined,
    clientSecret: process.env.FAKE_GOOGLE_CLIENT_SECRET || undefined,
    autoConsent: false,
  });
  fake.onCall((call) => {
    const details = [call.account, call.grantType, call.calendarId, call.eventId].filter((d) => d !== undefined).join(' ');
    process.stdout.write(`${call.at.toISOString()} ${call.method} ${call.path} ${call.route} -> ${call.status}${details ? ` (${details})` : ''}\n`);
  });
  process.stdout.write(
    `Fake Google OAuth + Calendar listening on ${fake.baseUrl}; start the API with ` +
      `GOOGLE_CLIENT_ID=${fake.clientId} GOOGLE_CLIENT_SECRET=${fake.clientSecret} GOOGLE_API_URL=${fake.baseUrl} GOOGLE_OAUTH_URL=${fake.baseUrl}\n`,
  );
  const stop = (): void => {
    fake.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
