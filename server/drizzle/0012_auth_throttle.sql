-- Sign-in throttling moves from a log of attempts (counted after the fact, so parallel requests
-- all passed the check) to one budget row per account or address, taken atomically before a
-- password is checked. The old log held nothing else: it is dropped.
CREATE TABLE "auth_throttle" (
	"key" text PRIMARY KEY NOT NULL,
	"attempts" integer NOT NULL,
	"window_started_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "auth_throttle_window_idx" ON "auth_throttle" USING btree ("window_started_at");--> statement-breakpoint
DROP TABLE "login_attempts" CASCADE;