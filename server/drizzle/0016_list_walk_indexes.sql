-- The work-log list walks (occurred_at, id) latest first and tests, for every log it reads, the
-- caller's scope (area_id, kind, target_unit_id; appointment_id for a unit admin or an
-- appointee) before it can count it or skip it for a deep page. With those columns in the index
-- the walk is an index-only scan: page 500 of a district's 500,000 logs reads 10,000 index
-- entries instead of 10,000 rows scattered over the heap (about half its time at 2,000,000
-- members). Keys rather than INCLUDE, which drizzle's schema cannot declare; (occurred_at, id)
-- is unique, so the extra keys change no order. Hand-written: its snapshot is still to be generated.
DROP INDEX "work_logs_occurred_idx";--> statement-breakpoint
CREATE INDEX "work_logs_occurred_idx" ON "work_logs" USING btree ("occurred_at","id","area_id","kind","target_unit_id","appointment_id");
