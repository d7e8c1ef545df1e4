/** The platform admin the test run creates; tenants are built through it over HTTP. */
export const PLATFORM_ADMIN = { username: 'test-platform', password: 'TestPlatform2026' } as const;
/** Password of every account a test tenant creates. */
export const TENANT_PASSWORD = 'Tenant2026pw';
