/**
 * The fake Google OAuth + Calendar APIs live with their runnable entry (`apps/fake-google`, `npm run fake:google`) so the
 * app build does not reach into test/; tests import them from here.
 */
export * from '../../apps/fake-google/src/google-fake';
