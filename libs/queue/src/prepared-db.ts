import { createHash } from 'node:crypto';
import { Pool, type PoolConfig, type QueryResult } from 'pg';

/** How many distinct statements get a name; pg-boss and our queue SQL are a few dozen. */
const MAX_NAMED = 500;

/**
 * pg-boss's database (its `db` option): a pg pool whose parameterised statements are named prepared statements, so
 * PostgreSQL parses and plans each one once per connection instead of on every call. pg-boss's job insert is a
 * large statement: planning it was a third of a webhook's database time. Statements without parameters (schema
 * migrations, possibly several commands) run as they are. A name is a hash of the text: the same name always
 * means the same statement.
 */
export class PreparedStatementsDb {
  readonly pool: Pool;
  private readonly names = new Map<string, string>();

  private readonly named: boolean;

  /**
   * `named: false` sends every statement unnamed (still parameterised, parsed on each call): what PgBouncer older
   * than 1.21 in transaction mode needs, where a statement prepared on one server connection is unknown on the next.
   */
  constructor(config: PoolConfig, onError: (error: Error) => void, options: { named: boolean } = { named: true }) {
    this.pool = new Pool(config);
    this.pool.on('error', onError);
    this.named = options.named;
  }

  executeSql(text: string, values?: unknown[]): Promise<QueryResult> {
    if (!values || values.length === 0) return this.pool.query(text);
    const name = this.named ? this.nameOf(text) : undefined;
    return name === undefined ? this.pool.query(text, values) : this.pool.query({ name, text, values });
  }

  close(): Promise<void> {
    return this.pool.end();
  }

  private nameOf(text: string): string | undefined {
    const known = this.names.get(text);
    if (known !== undefined || this.names.size >= MAX_NAMED) return known;
    const name = `q_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    this.names.set(text, name);
    return name;
  }
}
