CREATE TABLE "appointment_transitions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "appointment_transitions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"appointment_id" integer NOT NULL,
	"event" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" integer,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "batch_transitions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "batch_transitions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"batch_id" integer NOT NULL,
	"event" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" integer,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "work_log_transitions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "work_log_transitions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"work_log_id" integer NOT NULL,
	"event" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" integer,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "exemption_transitions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "exemption_transitions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"exemption_id" integer NOT NULL,
	"event" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" integer,
	"note" text
);
--> statement-breakpoint
ALTER TABLE "appointment_transitions" ADD CONSTRAINT "appointment_transitions_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment_transitions" ADD CONSTRAINT "appointment_transitions_actor_id_accounts_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "batch_transitions" ADD CONSTRAINT "batch_transitions_batch_id_selection_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."selection_batches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "batch_transitions" ADD CONSTRAINT "batch_transitions_actor_id_accounts_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_log_transitions" ADD CONSTRAINT "work_log_transitions_work_log_id_work_logs_id_fk" FOREIGN KEY ("work_log_id") REFERENCES "public"."work_logs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_log_transitions" ADD CONSTRAINT "work_log_transitions_actor_id_accounts_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exemption_transitions" ADD CONSTRAINT "exemption_transitions_exemption_id_duty_exemptions_id_fk" FOREIGN KEY ("exemption_id") REFERENCES "public"."duty_exemptions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exemption_transitions" ADD CONSTRAINT "exemption_transitions_actor_id_accounts_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "appointment_transitions_record_at_idx" ON "appointment_transitions" USING btree ("appointment_id","at");--> statement-breakpoint
CREATE INDEX "batch_transitions_record_at_idx" ON "batch_transitions" USING btree ("batch_id","at");--> statement-breakpoint
CREATE INDEX "work_log_transitions_record_at_idx" ON "work_log_transitions" USING btree ("work_log_id","at");--> statement-breakpoint
CREATE INDEX "exemption_transitions_record_at_idx" ON "exemption_transitions" USING btree ("exemption_id","at");--> statement-breakpoint
-- Backfill: every record already stored gets a history. The creation row names the actor the
-- record or its audit event kept; the moves since are rebuilt from what the rows recorded (who
-- reviewed and when, when a term ended) and, for batches, from the audit trail's status moves.
-- A step nothing recorded (a seeded batch's review and notice) is left out rather than invented.
INSERT INTO "batch_transitions" ("batch_id", "event", "from_status", "to_status", "at", "actor_id")
SELECT b."id", 'create', NULL, 'nominating', b."created_at",
  (SELECT ac."id" FROM "audit_events" e JOIN "accounts" ac ON ac."id" = e."actor_id"
    WHERE e."entity_type" = 'selection_batch' AND e."entity_id" = b."id"::text AND e."action" = 'create'
    ORDER BY e."at" LIMIT 1)
FROM "selection_batches" b;
--> statement-breakpoint
INSERT INTO "batch_transitions" ("batch_id", "event", "from_status", "to_status", "at", "actor_id", "note")
SELECT b."id",
  CASE e."action" WHEN 'start_review' THEN 'startReview' WHEN 'notice' THEN 'publishNotice' ELSE e."action" END,
  e."before"->>'status', e."after"->>'status', e."at", ac."id", e."after"->>'cancelReason'
FROM "audit_events" e
JOIN "selection_batches" b ON e."entity_id" = b."id"::text
LEFT JOIN "accounts" ac ON ac."id" = e."actor_id"
WHERE e."entity_type" = 'selection_batch'
  AND e."action" IN ('check', 'reopen', 'start_review', 'notice', 'appoint', 'cancel')
  AND e."after"->>'status' IS NOT NULL;
--> statement-breakpoint
INSERT INTO "batch_transitions" ("batch_id", "event", "from_status", "to_status", "at")
SELECT b."id", m."event", m."from_status", m."to_status", m."at"
FROM "selection_batches" b
CROSS JOIN LATERAL (VALUES
  ('check', 'nominating', 'checked', b."checked_at"),
  ('appoint', 'notice', 'appointed', b."appointed_at")
) AS m("event", "from_status", "to_status", "at")
WHERE m."at" IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM "batch_transitions" t WHERE t."batch_id" = b."id" AND t."event" <> 'create');
--> statement-breakpoint
INSERT INTO "appointment_transitions" ("appointment_id", "event", "from_status", "to_status", "at", "actor_id", "note")
SELECT a."id", 'create', NULL, 'active', a."created_at",
  (SELECT ac."id" FROM "audit_events" e JOIN "accounts" ac ON ac."id" = e."actor_id"
    WHERE e."entity_type" = 'appointment' AND e."entity_id" = a."id"::text AND e."action" = 'create'
    ORDER BY e."at" LIMIT 1),
  CASE WHEN a."replaces_id" IS NOT NULL THEN 'replaces appointment ' || a."replaces_id" END
FROM "appointments" a;
--> statement-breakpoint
INSERT INTO "appointment_transitions" ("appointment_id", "event", "from_status", "to_status", "at", "actor_id", "note")
SELECT a."id", m."event", 'active', a."status", coalesce(a."ended_at", a."updated_at"),
  (SELECT ac."id" FROM "audit_events" e JOIN "accounts" ac ON ac."id" = e."actor_id"
    WHERE e."entity_type" = 'appointment' AND e."entity_id" = a."id"::text AND e."action" = m."event"
    ORDER BY e."at" DESC LIMIT 1),
  a."end_reason"
FROM "appointments" a
CROSS JOIN LATERAL (SELECT CASE a."status" WHEN 'ended' THEN 'end' WHEN 'recalled' THEN 'recall' ELSE 'replace' END AS "event") m
WHERE a."status" <> 'active';
--> statement-breakpoint
INSERT INTO "work_log_transitions" ("work_log_id", "event", "from_status", "to_status", "at", "actor_id")
SELECT l."id", 'create', NULL, 'pending', l."created_at", l."recorded_by" FROM "work_logs" l;
--> statement-breakpoint
INSERT INTO "work_log_transitions" ("work_log_id", "event", "from_status", "to_status", "at", "actor_id", "note")
SELECT l."id", CASE l."status" WHEN 'confirmed' THEN 'confirm' ELSE 'reject' END, 'pending', l."status",
  l."reviewed_at", l."reviewed_by", l."review_comment"
FROM "work_logs" l
WHERE l."status" <> 'pending' AND l."reviewed_at" IS NOT NULL;
--> statement-breakpoint
INSERT INTO "exemption_transitions" ("exemption_id", "event", "from_status", "to_status", "at", "actor_id", "note")
SELECT x."id", 'create', NULL, 'pending', x."created_at", x."requested_by", x."reason" FROM "duty_exemptions" x;
--> statement-breakpoint
INSERT INTO "exemption_transitions" ("exemption_id", "event", "from_status", "to_status", "at", "actor_id", "note")
SELECT x."id", CASE x."status" WHEN 'approved' THEN 'approve' ELSE 'reject' END, 'pending', x."status",
  x."reviewed_at", x."reviewed_by", x."review_comment"
FROM "duty_exemptions" x
WHERE x."status" <> 'pending' AND x."reviewed_at" IS NOT NULL;
