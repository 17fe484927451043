import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';

/** The baseline's table, created by the admin in the clinic database. */
export const BASELINE_TABLE = 'bench_intake';
export const BASELINE_TABLE_SQL = `CREATE TABLE ${BASELINE_TABLE} (id text PRIMARY KEY, body jsonb NOT NULL)`;
const INSERT_SQL = `INSERT INTO ${BASELINE_TABLE} (id, body) VALUES ($1, $2) ON CONFLICT DO NOTHING`;

export interface IntakeBaseline {
  url: string;
  /** Stops listening (closing idle keep-alive connections) and ends the pool. */
  close(): Promise<void>;
}

/** `sha256=` + hex HMAC-SHA256 of the raw body, compared in constant time: the check the product makes. */
function signed(header: string | string[] | undefined, raw: Buffer, appSecret: string): boolean {
  if (typeof header !== 'string' || !/^sha256=[0-9a-f]{64}$/i.test(header)) return false;
  const expected = createHmac('sha256', appSecret).update(raw).digest();
  return timingSafeEqual(expected, Buffer.from(header.slice(7), 'hex'));
}

/** The WhatsApp id of the notification's first message, or undefined. */
function messageId(raw: Buffer): string | undefined {
  const body = JSON.parse(raw.toString('utf8')) as { entry?: Array<{ changes?: Array<{ value?: { messages?: Array<{ id?: unknown }> } }> }> };
  const id = body.entry?.[0]?.changes?.[0]?.value?.messages?.[0]?.id;
  return typeof id === 'string' ? id : undefined;
}

/**
 * The minimal durable intake: a bare node:http server that reads the body, checks its signature as the product does,
 * and stores it with ONE `INSERT … ON CONFLICT DO NOTHING` (autocommit) before answering 200.
 */
export async function startIntakeBaseline(databaseUrl: string, poolSize: number, appSecret: string): Promise<IntakeBaseline> {
  const pool = new Pool({ connectionString: databaseUrl, max: poolSize });
  pool.on('error', () => undefined);
  const answer = (res: ServerResponse, status: number, body: string): void => {
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };
  const intake = async (req: IncomingMessage, raw: Buffer): Promise<[number, string]> => {
    if (req.method !== 'POST') return [405, '{"error":"method"}'];
    if (!signed(req.headers['x-hub-signature-256'], raw, appSecret)) return [403, '{"error":"signature"}'];
    const id = messageId(raw);
    if (id === undefined) return [400, '{"error":"payload"}'];
    await pool.query(INSERT_SQL, [id, raw.toString('utf8')]);
    return [200, '{"received":true}'];
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      intake(req, Buffer.concat(chunks)).then(
        ([status, body]) => answer(res, status, body),
        () => answer(res, 500, '{"error":"store"}'),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await pool.end();
    },
  };
}
