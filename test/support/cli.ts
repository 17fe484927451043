import { PassThrough } from 'node:stream';
import { runCli } from '../../apps/cli/src/cli';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs the operator CLI in this process, as `npm run cli -- <argv>` would, and collects what it prints. */
export async function cli(env: NodeJS.ProcessEnv, ...argv: string[]): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await runCli(argv, { env, stdout, stderr });
  return { code, out, err };
}
