/** The patient's number `seed-demo` suggests for `chat`. */
export const DEFAULT_CHAT_PHONE = '33612345678';

/** The local server, on PORT as `npm start` uses it. */
export function defaultApiUrl(env: NodeJS.ProcessEnv): string {
  return `http://127.0.0.1:${env.PORT ?? 3000}`;
}

/** The fake Graph API, on FAKE_META_PORT as `npm run fake:meta` uses it. */
export function defaultGraphUrl(env: NodeJS.ProcessEnv): string {
  return `http://127.0.0.1:${env.FAKE_META_PORT ?? 4010}`;
}
