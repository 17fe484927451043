/**
 * The fake Graph API lives with its runnable entry (`apps/fake-meta`, `npm run fake:meta`) so the
 * app build does not reach into test/; tests import it from here.
 */
export * from '../../apps/fake-meta/src/meta-graph-fake';
