/** What a fake's `main.ts` gives `runFakeMain`. */
export interface FakeMain<F extends { stop(): Promise<void> }> {
  /** The environment variable naming the port, e.g. FAKE_META_PORT. */
  portVariable: string;
  /** The port when the variable is not set. */
  defaultPort: number;
  start(port: number): Promise<F>;
  /** Subscribes to what the fake does, each thing printed as one line through `print`. */
  onLine(fake: F, print: (line: string) => void): void;
  /** The line printed once the fake listens. */
  describe(fake: F): string;
}

/** Starts the fake on the port its variable names, prints as it goes, stops it on SIGINT or SIGTERM; exits 1 on a failed start. */
export function runFakeMain<F extends { stop(): Promise<void> }>(main: FakeMain<F>): void {
  start(main).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}

async function start<F extends { stop(): Promise<void> }>(main: FakeMain<F>): Promise<void> {
  const port = Number(process.env[main.portVariable] ?? main.defaultPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${main.portVariable} is not a port: ${process.env[main.portVariable]}`);
  const fake = await main.start(port);
  const print = (line: string): void => void process.stdout.write(`${line}\n`);
  main.onLine(fake, print);
  print(main.describe(fake));
  const stop = (): void => {
    fake.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
