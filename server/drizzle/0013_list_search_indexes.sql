-- Substring search for the lists (members, residents, units, work logs) from a GIN index of each
-- value's characters, lower-cased: every character of a search must be among them, and ILIKE
-- then drops the false positives. pg_trgm would need three characters and, under the C locale
-- of the embedded cluster, takes CJK characters for separators, so it indexes nothing of a
-- Chinese name; pairs of characters (computed in SQL) made the index ten times slower to build
-- for hardly fewer candidates on names. Plain SQL, inlined by the planner: works on any
-- PostgreSQL >= 15, no extension to install.
CREATE FUNCTION gj_chars(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT string_to_array(lower(t), NULL) $$;--> statement-breakpoint
CREATE INDEX "work_logs_occurred_idx" ON "work_logs" USING btree ("occurred_at","id");--> statement-breakpoint
CREATE INDEX "work_logs_content_chars_idx" ON "work_logs" USING gin (gj_chars("content"));--> statement-breakpoint
CREATE INDEX "members_name_chars_idx" ON "members" USING gin (gj_chars("name"));--> statement-breakpoint
CREATE INDEX "members_phone_idx" ON "members" USING btree ("phone");--> statement-breakpoint
CREATE INDEX "residents_name_chars_idx" ON "residents" USING gin (gj_chars("name"));--> statement-breakpoint
CREATE INDEX "units_search_chars_idx" ON "units" USING gin (gj_chars("name" || ' ' || coalesce("credit_code", '') || ' ' || coalesce("contact_name", '')));