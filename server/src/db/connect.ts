import type { Config } from '#server/config.ts';
import { type Database, openDatabase } from './client.ts';
import { type EmbeddedHandle, startEmbeddedPostgres } from './embedded.ts';
import { runMigrations } from './migrate.ts';

/** An open, migrated database, and the embedded PostgreSQL behind it when there is one. */
export interface Connection {
  database: Database;
  embedded: EmbeddedHandle | null;
  /** Close the pool, then stop the embedded PostgreSQL (if this process started it). */
  close(): Promise<void>;
}

/**
 * Connect the way every entry point does (the server and `npm run seed`): the embedded
 * PostgreSQL under DATA_DIR unless DATABASE_URL is set, then the committed migrations.
 */
export async function connectDatabase(
  config: Config,
  say: (message: string) => void = () => {},
): Promise<Connection> {
  let embedded: EmbeddedHandle | null = null;
  let url = config.DATABASE_URL;
  if (!url) {
    say(`Starting embedded PostgreSQL in ${config.dataDir}/pg (port ${config.EMBEDDED_PG_PORT})…`);
    try {
      embedded = await startEmbeddedPostgres(config.dataDir, config.EMBEDDED_PG_PORT, {
        log: (m) => (/FATAL|PANIC|ERROR/.test(m) ? console.error(m) : say(m)),
      });
    } catch (err) {
      // The launcher's message names the cause (a live instance, a port, a directory, initdb's words).
      throw new Error(
        `Could not start the embedded PostgreSQL in ${config.dataDir}/pg: ` +
          `${err instanceof Error ? err.message : String(err)}`,
      );
    }
    url = embedded.url;
  }
  const database = openDatabase(url, config.DB_POOL_SIZE);
  const close = async () => {
    await database.close().catch(() => {});
    await embedded?.stop().catch(() => {});
  };
  try {
    await runMigrations(database.pool);
  } catch (err) {
    await close();
    throw err;
  }
  return { database, embedded, close };
}
