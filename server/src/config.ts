import path from 'node:path';
import { z } from 'zod';

/**
 * The one validated configuration object. Nothing else in the server reads `process.env`:
 * a bad setting stops the start with a readable list instead of failing later.
 */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().url().optional(),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(5433),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  SEED_ON_FIRST_START: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  SEED_SCALE: z.coerce.number().min(0.01).max(100).default(1),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(12),
  COOKIE_SECURE: z.enum(['true', 'false', 'auto']).default('auto'),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  /** Failures from one IP across all usernames (a shared office NAT tries several accounts). */
  LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).max(100_000).default(50),
  LOGIN_WINDOW_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  /**
   * Request bodies: a client that sends nothing for this long while the server waits for its body
   * gets 408 and the connection is closed (a stalled upload must not hold a socket, a temp file).
   */
  BODY_IDLE_TIMEOUT_SECONDS: z.coerce.number().min(0.1).max(3600).default(30),
  /** The longest a whole body may take to arrive (a 50 MB import over a slow line included). */
  BODY_TIMEOUT_SECONDS: z.coerce
    .number()
    .min(1)
    .max(24 * 3600)
    .default(600),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** Run the scheduled jobs (duty reminders, channel delivery) in this process. */
  JOBS_ENABLED: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** A WeCom group robot's webhook: reminders are also posted there when set. */
  WECOM_WEBHOOK_URL: z.string().url().optional(),
  /**
   * The address people open the desk at (e.g. https://gongjian.example.gov.cn). Links in messages
   * that leave the app (WeCom) need it to be clickable; without it they name the page instead.
   */
  PUBLIC_URL: z
    .string()
    .url()
    .refine((u) => /^https?:\/\//.test(u), { message: 'must be an http(s) address' })
    .optional(),
});

export type Config = z.infer<typeof envSchema> & { dataDir: string };

/** Parse the environment once; throws with every problem listed. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration (see .env.example):\n${lines.join('\n')}`);
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.DATA_DIR) };
}
