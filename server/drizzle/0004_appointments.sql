CREATE TABLE "appointment_kinds" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "appointment_kinds_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"area_id" integer NOT NULL,
	"code" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"description" text,
	"term_months" integer,
	"needs_sending_unit" boolean DEFAULT false NOT NULL,
	"duty_policy_code" text,
	"builtin" boolean DEFAULT false NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "appointment_kinds_term_check" CHECK ("appointment_kinds"."term_months" is null or "appointment_kinds"."term_months" between 1 and 120)
);
--> statement-breakpoint
CREATE TABLE "appointments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "appointments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"sending_unit_id" integer,
	"receiving_org_id" integer NOT NULL,
	"area_id" integer NOT NULL,
	"post" text,
	"term_start" date NOT NULL,
	"term_end" date,
	"status" text DEFAULT 'active' NOT NULL,
	"ended_on" date,
	"end_reason" text,
	"replaces_id" integer,
	"batch_id" integer,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "appointments_status_check" CHECK ("appointments"."status" in ('active','ended','recalled','replaced')),
	CONSTRAINT "appointments_term_check" CHECK ("appointments"."term_end" is null or "appointments"."term_end" >= "appointments"."term_start"),
	CONSTRAINT "appointments_ended_check" CHECK (("appointments"."status" = 'active') = ("appointments"."ended_on" is null) and ("appointments"."ended_on" is null or "appointments"."ended_on" >= "appointments"."term_start"))
);
--> statement-breakpoint
CREATE TABLE "batch_candidates" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "batch_candidates_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"batch_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"sending_unit_id" integer,
	"receiving_org_id" integer NOT NULL,
	"status" text DEFAULT 'nominated' NOT NULL,
	"check_results" jsonb,
	"checked_at" timestamp with time zone,
	"review_comment" text,
	"reviewed_by" integer,
	"reviewed_at" timestamp with time zone,
	"appointment_id" integer,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "batch_candidates_status_check" CHECK ("batch_candidates"."status" in ('nominated','qualified','disqualified','approved','rejected','appointed'))
);
--> statement-breakpoint
CREATE TABLE "selection_batches" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "selection_batches_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"area_id" integer NOT NULL,
	"title" text NOT NULL,
	"batch_date" date NOT NULL,
	"status" text DEFAULT 'nominating' NOT NULL,
	"notice_start" date,
	"notice_end" date,
	"checked_at" timestamp with time zone,
	"appointed_at" timestamp with time zone,
	"term_start" date,
	"cancel_reason" text,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "selection_batches_status_check" CHECK ("selection_batches"."status" in ('nominating','checked','review','notice','appointed','cancelled')),
	CONSTRAINT "selection_batches_notice_check" CHECK ("selection_batches"."notice_end" is null or "selection_batches"."notice_start" is null or "selection_batches"."notice_end" >= "selection_batches"."notice_start")
);
--> statement-breakpoint
CREATE TABLE "work_log_files" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "work_log_files_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"work_log_id" integer NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"data" "bytea" NOT NULL,
	"uploaded_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "work_log_files_type_check" CHECK ("work_log_files"."content_type" in ('image/jpeg','image/png','image/webp','application/pdf'))
);
--> statement-breakpoint
CREATE TABLE "work_logs" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "work_logs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"appointment_id" integer NOT NULL,
	"area_id" integer NOT NULL,
	"kind" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"place" text,
	"with_whom" text,
	"content" text NOT NULL,
	"hours" numeric(5, 2),
	"target_type" text,
	"target_unit_id" integer,
	"household_address" text,
	"asked" text,
	"noted" text,
	"subject_member_id" integer,
	"activity_type" text,
	"activity_role" text,
	"action_category" text,
	"report_year" integer,
	"status" text DEFAULT 'pending' NOT NULL,
	"recorded_by" integer NOT NULL,
	"recorded_by_name" text NOT NULL,
	"recorded_by_role" text NOT NULL,
	"reviewed_by" integer,
	"reviewed_by_name" text,
	"reviewed_at" timestamp with time zone,
	"review_comment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "work_logs_kind_check" CHECK ("work_logs"."kind" in ('contact','onsite_day','visit','employee_contact','activity','action','annual_report')),
	CONSTRAINT "work_logs_status_check" CHECK ("work_logs"."status" in ('pending','confirmed','rejected')),
	CONSTRAINT "work_logs_hours_check" CHECK ("work_logs"."hours" is null or ("work_logs"."hours" > 0 and "work_logs"."hours" <= 24)),
	CONSTRAINT "work_logs_visit_check" CHECK ("work_logs"."kind" <> 'visit' or ("work_logs"."target_type" = 'household' and "work_logs"."household_address" is not null) or ("work_logs"."target_type" in ('unit','two_new_org') and "work_logs"."target_unit_id" is not null)),
	CONSTRAINT "work_logs_employee_check" CHECK ("work_logs"."kind" <> 'employee_contact' or "work_logs"."subject_member_id" is not null),
	CONSTRAINT "work_logs_activity_check" CHECK ("work_logs"."kind" <> 'activity' or ("work_logs"."activity_type" is not null and "work_logs"."activity_role" in ('led','attended'))),
	CONSTRAINT "work_logs_action_check" CHECK ("work_logs"."kind" <> 'action' or "work_logs"."action_category" is not null),
	CONSTRAINT "work_logs_report_check" CHECK ("work_logs"."kind" <> 'annual_report' or "work_logs"."report_year" is not null)
);
--> statement-breakpoint
CREATE TABLE "work_programmes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "work_programmes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"area_id" integer NOT NULL,
	"kind_id" integer NOT NULL,
	"year" integer NOT NULL,
	"title" text NOT NULL,
	"scope_text" text,
	"conditions_text" text,
	"conditions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"procedure_text" text,
	"duties_text" text,
	"assessment_text" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "appointment_kinds" ADD CONSTRAINT "appointment_kinds_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_kind_id_appointment_kinds_id_fk" FOREIGN KEY ("kind_id") REFERENCES "public"."appointment_kinds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_sending_unit_id_units_id_fk" FOREIGN KEY ("sending_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_receiving_org_id_party_orgs_id_fk" FOREIGN KEY ("receiving_org_id") REFERENCES "public"."party_orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_replaces_id_appointments_id_fk" FOREIGN KEY ("replaces_id") REFERENCES "public"."appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_batch_id_selection_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."selection_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "batch_candidates" ADD CONSTRAINT "batch_candidates_batch_id_selection_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."selection_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "batch_candidates" ADD CONSTRAINT "batch_candidates_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "batch_candidates" ADD CONSTRAINT "batch_candidates_sending_unit_id_units_id_fk" FOREIGN KEY ("sending_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "batch_candidates" ADD CONSTRAINT "batch_candidates_receiving_org_id_party_orgs_id_fk" FOREIGN KEY ("receiving_org_id") REFERENCES "public"."party_orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "batch_candidates" ADD CONSTRAINT "batch_candidates_reviewed_by_accounts_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "batch_candidates" ADD CONSTRAINT "batch_candidates_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "selection_batches" ADD CONSTRAINT "selection_batches_programme_id_work_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."work_programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "selection_batches" ADD CONSTRAINT "selection_batches_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_log_files" ADD CONSTRAINT "work_log_files_work_log_id_work_logs_id_fk" FOREIGN KEY ("work_log_id") REFERENCES "public"."work_logs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_log_files" ADD CONSTRAINT "work_log_files_uploaded_by_accounts_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_logs" ADD CONSTRAINT "work_logs_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_logs" ADD CONSTRAINT "work_logs_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_logs" ADD CONSTRAINT "work_logs_target_unit_id_units_id_fk" FOREIGN KEY ("target_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_logs" ADD CONSTRAINT "work_logs_subject_member_id_members_id_fk" FOREIGN KEY ("subject_member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_logs" ADD CONSTRAINT "work_logs_recorded_by_accounts_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_logs" ADD CONSTRAINT "work_logs_reviewed_by_accounts_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_programmes" ADD CONSTRAINT "work_programmes_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_programmes" ADD CONSTRAINT "work_programmes_kind_id_appointment_kinds_id_fk" FOREIGN KEY ("kind_id") REFERENCES "public"."appointment_kinds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "appointment_kinds_area_code_key" ON "appointment_kinds" USING btree ("area_id","code");--> statement-breakpoint
CREATE INDEX "appointments_kind_idx" ON "appointments" USING btree ("kind_id");--> statement-breakpoint
CREATE INDEX "appointments_member_idx" ON "appointments" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "appointments_unit_idx" ON "appointments" USING btree ("sending_unit_id");--> statement-breakpoint
CREATE INDEX "appointments_org_idx" ON "appointments" USING btree ("receiving_org_id");--> statement-breakpoint
CREATE INDEX "appointments_area_idx" ON "appointments" USING btree ("area_id");--> statement-breakpoint
CREATE INDEX "appointments_batch_idx" ON "appointments" USING btree ("batch_id");--> statement-breakpoint
CREATE UNIQUE INDEX "appointments_replaces_key" ON "appointments" USING btree ("replaces_id");--> statement-breakpoint
CREATE UNIQUE INDEX "appointments_active_key" ON "appointments" USING btree ("member_id","kind_id","receiving_org_id") WHERE "appointments"."status" = 'active';--> statement-breakpoint
CREATE UNIQUE INDEX "batch_candidates_batch_member_key" ON "batch_candidates" USING btree ("batch_id","member_id");--> statement-breakpoint
CREATE INDEX "batch_candidates_member_idx" ON "batch_candidates" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "batch_candidates_org_idx" ON "batch_candidates" USING btree ("receiving_org_id");--> statement-breakpoint
CREATE INDEX "batch_candidates_unit_idx" ON "batch_candidates" USING btree ("sending_unit_id");--> statement-breakpoint
CREATE INDEX "selection_batches_programme_idx" ON "selection_batches" USING btree ("programme_id");--> statement-breakpoint
CREATE INDEX "selection_batches_area_idx" ON "selection_batches" USING btree ("area_id");--> statement-breakpoint
CREATE INDEX "work_log_files_log_idx" ON "work_log_files" USING btree ("work_log_id");--> statement-breakpoint
CREATE INDEX "work_logs_appointment_idx" ON "work_logs" USING btree ("appointment_id","occurred_at");--> statement-breakpoint
CREATE INDEX "work_logs_area_idx" ON "work_logs" USING btree ("area_id");--> statement-breakpoint
CREATE INDEX "work_logs_subject_idx" ON "work_logs" USING btree ("subject_member_id");--> statement-breakpoint
CREATE INDEX "work_logs_target_unit_idx" ON "work_logs" USING btree ("target_unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "work_logs_annual_report_key" ON "work_logs" USING btree ("appointment_id","report_year") WHERE "work_logs"."kind" = 'annual_report' and "work_logs"."status" <> 'rejected';--> statement-breakpoint
CREATE UNIQUE INDEX "work_programmes_area_kind_year_key" ON "work_programmes" USING btree ("area_id","kind_id","year");--> statement-breakpoint
CREATE INDEX "work_programmes_kind_idx" ON "work_programmes" USING btree ("kind_id");