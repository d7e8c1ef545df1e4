-- Who each duty reminder reached. Reminders recorded before this column existed are filled in
-- from the inbox rows written with them: a member account among them means the appointee was
-- told; other accounts only, that the people responsible were; none, that it reached nobody.
ALTER TABLE "reminders_sent" ADD COLUMN "delivery" text;--> statement-breakpoint
ALTER TABLE "reminders_sent" ADD COLUMN "recipients" integer;--> statement-breakpoint
UPDATE "reminders_sent" s SET
  "recipients" = (select count(*) from "notifications" n where n."reminder_id" = s."id"),
  "delivery" = case
    when exists (select 1 from "notifications" n join "accounts" a on a."id" = n."recipient_account_id"
                  where n."reminder_id" = s."id" and a."role" = 'member') then 'appointee'
    when exists (select 1 from "notifications" n where n."reminder_id" = s."id") then 'responsible'
    else 'undeliverable' end;--> statement-breakpoint
ALTER TABLE "reminders_sent" ALTER COLUMN "delivery" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "reminders_sent" ALTER COLUMN "recipients" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "reminders_sent" ADD CONSTRAINT "reminders_sent_delivery_check" CHECK ("reminders_sent"."delivery" in ('appointee','responsible','undeliverable'));
