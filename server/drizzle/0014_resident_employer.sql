ALTER TABLE "work_logs" DROP CONSTRAINT "work_logs_employee_check";--> statement-breakpoint
ALTER TABLE "work_logs" ADD COLUMN "subject_resident_id" integer;--> statement-breakpoint
ALTER TABLE "residents" ADD COLUMN "unit_id" integer;--> statement-breakpoint
ALTER TABLE "work_logs" ADD CONSTRAINT "work_logs_subject_resident_id_residents_id_fk" FOREIGN KEY ("subject_resident_id") REFERENCES "public"."residents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "residents" ADD CONSTRAINT "residents_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "work_logs_subject_resident_idx" ON "work_logs" USING btree ("subject_resident_id");--> statement-breakpoint
CREATE INDEX "residents_unit_idx" ON "residents" USING btree ("unit_id");--> statement-breakpoint
ALTER TABLE "work_logs" ADD CONSTRAINT "work_logs_employee_check" CHECK ("work_logs"."kind" <> 'employee_contact' or num_nonnulls("work_logs"."subject_member_id", "work_logs"."subject_resident_id") = 1);