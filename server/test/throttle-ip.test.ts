import { describe, expect, it } from 'vitest';
import { uid, useTestApp } from './helpers.ts';

// Its own app instance: the per-IP limit is lifted for the other files, whose clients all share 127.0.0.1.
const t = useTestApp({ LOGIN_MAX_FAILURES_PER_IP: '3' });

describe('sign-in throttling by IP address', () => {
  it('blocks an address that keeps failing across many usernames, whatever the username', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await t.client().login(`nobody-${uid()}`, 'Wrong2026pw')).status);
    // Earlier failures from this address (other test files) may trip the limit sooner, never later.
    expect(statuses).toContain(429);
    const fresh = await t.client().login(`nobody-${uid()}`, 'Wrong2026pw');
    expect(fresh.status).toBe(429);
    expect(fresh.body.error.code).toBe('TOO_MANY_ATTEMPTS');
    expect(Number(fresh.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
