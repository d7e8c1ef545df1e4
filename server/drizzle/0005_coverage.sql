CREATE TABLE "coverage_assignments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "coverage_assignments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"org_id" integer NOT NULL,
	"area_id" integer NOT NULL,
	"start_on" date NOT NULL,
	"end_on" date,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coverage_assignments_dates_check" CHECK ("coverage_assignments"."end_on" is null or "coverage_assignments"."end_on" >= "coverage_assignments"."start_on")
);
--> statement-breakpoint
ALTER TABLE "coverage_assignments" ADD CONSTRAINT "coverage_assignments_org_id_party_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."party_orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coverage_assignments" ADD CONSTRAINT "coverage_assignments_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "coverage_assignments_org_idx" ON "coverage_assignments" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "coverage_assignments_area_idx" ON "coverage_assignments" USING btree ("area_id");