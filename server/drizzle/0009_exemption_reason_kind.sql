ALTER TABLE "duty_exemptions" ADD COLUMN "reason_kind" text DEFAULT 'other' NOT NULL;--> statement-breakpoint
-- Requests written before the column carried their kind as the reason's first word ("病假：…").
UPDATE "duty_exemptions" SET "reason_kind" = CASE
  WHEN "reason" ~ '^(请假|Leave)' THEN 'leave'
  WHEN "reason" ~ '^(病假|Illness)' THEN 'illness'
  ELSE 'other' END;--> statement-breakpoint
UPDATE "duty_exemptions"
  SET "reason" = regexp_replace("reason", '^(请假|病假|Leave|Illness)\s*[：:]?\s*', '')
  WHERE "reason_kind" <> 'other';
