CREATE TABLE "duty_exemptions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "duty_exemptions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"appointment_id" integer NOT NULL,
	"area_id" integer NOT NULL,
	"rule_code" text NOT NULL,
	"period_key" text NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"requested_by" integer NOT NULL,
	"requested_by_name" text NOT NULL,
	"reviewed_by" integer,
	"reviewed_by_name" text,
	"reviewed_at" timestamp with time zone,
	"review_comment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "duty_exemptions_status_check" CHECK ("duty_exemptions"."status" in ('pending','approved','rejected'))
);
--> statement-breakpoint
CREATE TABLE "duty_rule_versions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "duty_rule_versions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"area_id" integer NOT NULL,
	"policy_code" text NOT NULL,
	"rule_code" text NOT NULL,
	"version" integer NOT NULL,
	"effective_from" date NOT NULL,
	"effective_to" date,
	"rule" jsonb NOT NULL,
	"created_by" integer,
	"created_by_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "duty_rule_versions_version_check" CHECK ("duty_rule_versions"."version" >= 1),
	CONSTRAINT "duty_rule_versions_dates_check" CHECK ("duty_rule_versions"."effective_to" is null or "duty_rule_versions"."effective_to" >= "duty_rule_versions"."effective_from")
);
--> statement-breakpoint
ALTER TABLE "duty_exemptions" ADD CONSTRAINT "duty_exemptions_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_exemptions" ADD CONSTRAINT "duty_exemptions_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_exemptions" ADD CONSTRAINT "duty_exemptions_requested_by_accounts_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_exemptions" ADD CONSTRAINT "duty_exemptions_reviewed_by_accounts_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_rule_versions" ADD CONSTRAINT "duty_rule_versions_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_rule_versions" ADD CONSTRAINT "duty_rule_versions_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "duty_exemptions_appointment_idx" ON "duty_exemptions" USING btree ("appointment_id");--> statement-breakpoint
CREATE INDEX "duty_exemptions_area_idx" ON "duty_exemptions" USING btree ("area_id");--> statement-breakpoint
CREATE UNIQUE INDEX "duty_exemptions_standing_key" ON "duty_exemptions" USING btree ("appointment_id","rule_code","period_key") WHERE "duty_exemptions"."status" <> 'rejected';--> statement-breakpoint
CREATE UNIQUE INDEX "duty_rule_versions_area_rule_version_key" ON "duty_rule_versions" USING btree ("area_id","rule_code","version");--> statement-breakpoint
CREATE INDEX "duty_rule_versions_area_policy_idx" ON "duty_rule_versions" USING btree ("area_id","policy_code");