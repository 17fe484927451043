import { runFakeMain } from '@sophie/fake-kit';
import { FakeGoogle } from './google-fake';

/**
 * `npm run fake:google`: the fake Google OAuth and Calendar APIs on FAKE_GOOGLE_PORT (default 4020), with a small consent
 * page instead of Google's, for a local installation started with the settings it prints. Each call is printed as one line.
 */
runFakeMain({
  portVariable: 'FAKE_GOOGLE_PORT',
  defaultPort: 4020,
  start: (port) =>
    FakeGoogle.start({
      port,
      host: process.env.FAKE_GOOGLE_HOST,
      clientId: process.env.FAKE_GOOGLE_CLIENT_ID || undefined,
      clientSecret: process.env.FAKE_GOOGLE_CLIENT_SECRET || undefined,
      autoConsent: false,
    }),
  onLine: (fake, print) =>
    fake.onCall((call) => {
      const details = [call.account, call.grantType, call.calendarId, call.eventId].filter((d) => d !== undefined).join(' ');
      print(`${call.at.toISOString()} ${call.method} ${call.path} ${call.route} -> ${call.status}${details ? ` (${details})` : ''}`);
    }),
  describe: (fake) =>
    `Fake Google OAuth + Calendar listening on ${fake.baseUrl}; start the API with ` +
    `GOOGLE_CLIENT_ID=${fake.clientId} GOOGLE_CLIENT_SECRET=${fake.clientSecret} GOOGLE_API_URL=${fake.baseUrl} GOOGLE_OAUTH_URL=${fake.baseUrl}`,
});
