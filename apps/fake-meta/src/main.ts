import { runFakeMain } from '@sophie/fake-kit';
import { FakeMetaGraph } from './meta-graph-fake';

/**
 * `npm run fake:meta`: the fake Graph API on FAKE_META_PORT (default 4010), for a local
 * installation started with META_GRAPH_URL set to the URL it prints. Each accepted message is
 * printed as one line.
 */
runFakeMain({
  portVariable: 'FAKE_META_PORT',
  defaultPort: 4010,
  start: (port) => FakeMetaGraph.start({ port, host: process.env.FAKE_META_HOST }),
  onLine: (fake, print) =>
    fake.onSent((sent) => {
      const what = sent.kind === 'read' ? `read ${sent.wamid}` : `${typeof sent.body.type === 'string' ? sent.body.type : 'text'} to ${typeof sent.body.to === 'string' ? sent.body.to : '?'} -> ${sent.wamid}`;
      print(`${sent.at.toISOString()} ${sent.phoneNumberId} ${what}`);
    }),
  describe: (fake) => `Fake Meta Graph API listening on ${fake.baseUrl} (set META_GRAPH_URL=${fake.baseUrl})`,
});
