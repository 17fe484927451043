import type { EmbeddedPostgresHandle } from '../../libs/common/src/database/embedded-postgres';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __SOPHIE_PG__?: EmbeddedPostgresHandle }).__SOPHIE_PG__?.stop();
}
