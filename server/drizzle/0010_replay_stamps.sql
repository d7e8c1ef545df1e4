ALTER TABLE "appointments" ADD COLUMN "ended_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "duty_rule_versions" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
-- Ends recorded before the column: their last change is when they were ended.
UPDATE "appointments" SET "ended_at" = "updated_at" WHERE "status" <> 'active';--> statement-breakpoint
-- Versions closed before the column: closed when their successor was published; a rule retired
-- without one is taken as closed when it was written (no later moment is known).
UPDATE "duty_rule_versions" v SET "closed_at" = coalesce(
  (SELECT min(n."created_at") FROM "duty_rule_versions" n
    WHERE n."area_id" = v."area_id" AND n."rule_code" = v."rule_code" AND n."version" > v."version"),
  v."created_at")
  WHERE v."effective_to" IS NOT NULL;
