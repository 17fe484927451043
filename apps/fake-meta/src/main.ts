import { FakeMetaGraph } from './meta-graph-fake';

/**
 * `npm run fake:meta`: the fake Graph API on FAKE_META_PORT (default 4010), for a local
 * installation started with META_GRAPH_URL set to the URL it prints. Each accepted message is
 * printed as one line.
 */
async function main(): Promise<void> {
  const port = Number(process.env.FAKE_META_PORT ?? 4010);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`FAKE_META_PORT is not a port: ${process.env.FAKE_META_PORT}`);
  const fake = await FakeMetaGraph.start({ port, host: process.env.FAKE_META_HOST });
  fake.onSent((sent) => {
    const what = sent.kind === 'read' ? `read ${sent.wamid}` : `${typeof sent.body.type === 'string' ? sent.body.type : 'text'} to ${typeof sent.body.to === 'string' ? sent.body.to : '?'} -> ${sent.wamid}`;
    process.stdout.write(`${sent.at.toISOString()} ${sent.phoneNumberId} ${what}\n`);
  });
  process.stdout.write(`Fake Meta Graph API listening on ${fake.baseUrl} (set META_GRAPH_URL=${fake.baseUrl})\n`);
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
