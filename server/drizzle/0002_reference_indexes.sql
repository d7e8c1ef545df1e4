CREATE INDEX "accounts_unit_idx" ON "accounts" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "accounts_member_idx" ON "accounts" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "accounts_resident_idx" ON "accounts" USING btree ("resident_id");--> statement-breakpoint
CREATE INDEX "party_org_seats_unit_idx" ON "party_org_seats" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "party_org_seats_member_idx" ON "party_org_seats" USING btree ("member_id");