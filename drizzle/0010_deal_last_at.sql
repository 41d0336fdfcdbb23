ALTER TABLE "deal_step_minima" ADD COLUMN "last_at" timestamp with time zone GENERATED ALWAYS AS (greatest(created_at, closed_at, m1, m2, m3, m4, m5, m6, m7)) STORED;--> statement-breakpoint
CREATE INDEX "deal_step_minima_org_last" ON "deal_step_minima" USING btree ("org_id","last_at");--> statement-breakpoint
CREATE INDEX "deal_step_minima_org_open_close" ON "deal_step_minima" USING btree ("org_id","expected_close") WHERE status = 'open';--> statement-breakpoint

-- custom SQL (carry over when renumbering)
-- Statistics for the new column and indexes (the organisation-wide lean query plans on them).
ANALYZE deal_step_minima;
