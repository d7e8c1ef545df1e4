import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema/index.ts';

// DATE columns stay 'YYYY-MM-DD' strings: converting them to JS Dates shifts days across zones.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export type Db = NodePgDatabase<typeof schema>;
/** A transaction handle; services take `Tx` so a mutation and its audit event share one. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Either the pool-level handle or a transaction; read helpers accept both. */
export type Executor = Db | Tx;

export interface Database {
  db: Db;
  pool: pg.Pool;
  close(): Promise<void>;
}

/** Open a pool on a PostgreSQL URL. */
export function openDatabase(url: string, poolSize = 10): Database {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client losing its server (restart, failover) must not crash the process.
  pool.on('error', () => {});
  const db = drizzle(pool, { schema });
  return { db, pool, close: () => pool.end() };
}
