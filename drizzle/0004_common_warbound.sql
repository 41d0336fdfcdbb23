CREATE TABLE "deal_step_corrections" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"deal_id" uuid NOT NULL,
	"deal_step_id" bigint NOT NULL,
	"to_step" smallint NOT NULL,
	"replacement_step_id" bigint,
	"reason" text NOT NULL,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deal_step_corrections_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "deal_step_corrections_to_step" CHECK ("deal_step_corrections"."to_step" between 1 and 6)
);
--> statement-breakpoint
ALTER TABLE "deal_step_corrections" ADD CONSTRAINT "deal_step_corrections_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_step_corrections" ADD CONSTRAINT "deal_step_corrections_org_id_deal_id_deals_org_id_id_fk" FOREIGN KEY ("org_id","deal_id") REFERENCES "public"."deals"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_step_corrections" ADD CONSTRAINT "deal_step_corrections_org_id_deal_step_id_deal_steps_org_id_id_fk" FOREIGN KEY ("org_id","deal_step_id") REFERENCES "public"."deal_steps"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "deal_step_corrections_step" ON "deal_step_corrections" USING btree ("org_id","deal_step_id");--> statement-breakpoint
CREATE INDEX "deal_step_corrections_deal" ON "deal_step_corrections" USING btree ("org_id","deal_id");
--> statement-breakpoint
-- custom SQL (carry over when renumbering)
-- The step rows in force: those no correction names (docs/step-corrections.md). Every
-- report reads these; deal_steps itself stays append-only and keeps the corrected rows.
CREATE VIEW deal_steps_in_force AS
  SELECT s.* FROM deal_steps s
  WHERE NOT EXISTS (SELECT 1 FROM deal_step_corrections c WHERE c.org_id = s.org_id AND c.deal_step_id = s.id);
--> statement-breakpoint
-- deal_step_minima (0003) recomputes a deal from its rows in force: after an update or
-- delete of step rows, and after a correction is recorded.
CREATE OR REPLACE FUNCTION deal_step_minima_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE deal_step_minima m SET m1 = n.m1, m2 = n.m2, m3 = n.m3, m4 = n.m4, m5 = n.m5, m6 = n.m6, m7 = n.m7, e1 = n.e1, e2 = n.e2, e3 = n.e3, e4 = n.e4, e5 = n.e5, e6 = n.e6, e7 = n.e7
  FROM (SELECT org_id, deal_id FROM old_rows UNION SELECT org_id, deal_id FROM new_rows) t
  LEFT JOIN LATERAL (
    SELECT min(s.entered_at) AS m1, min(s.entered_at) FILTER (WHERE s.step >= 2) AS m2, min(s.entered_at) FILTER (WHERE s.step >= 3) AS m3, min(s.entered_at) FILTER (WHERE s.step >= 4) AS m4, min(s.entered_at) FILTER (WHERE s.step >= 5) AS m5, min(s.entered_at) FILTER (WHERE s.step >= 6) AS m6, min(s.entered_at) FILTER (WHERE s.step >= 7) AS m7, min(s.entered_at) FILTER (WHERE s.step = 1) AS e1, min(s.entered_at) FILTER (WHERE s.step = 2) AS e2, min(s.entered_at) FILTER (WHERE s.step = 3) AS e3, min(s.entered_at) FILTER (WHERE s.step = 4) AS e4, min(s.entered_at) FILTER (WHERE s.step = 5) AS e5, min(s.entered_at) FILTER (WHERE s.step = 6) AS e6, min(s.entered_at) FILTER (WHERE s.step = 7) AS e7
    FROM deal_steps_in_force s WHERE s.org_id = t.org_id AND s.deal_id = t.deal_id) n ON true
  WHERE m.org_id = t.org_id AND m.deal_id = t.deal_id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION deal_step_minima_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE deal_step_minima m SET m1 = n.m1, m2 = n.m2, m3 = n.m3, m4 = n.m4, m5 = n.m5, m6 = n.m6, m7 = n.m7, e1 = n.e1, e2 = n.e2, e3 = n.e3, e4 = n.e4, e5 = n.e5, e6 = n.e6, e7 = n.e7
  FROM (SELECT DISTINCT org_id, deal_id FROM old_rows) t
  LEFT JOIN LATERAL (
    SELECT min(s.entered_at) AS m1, min(s.entered_at) FILTER (WHERE s.step >= 2) AS m2, min(s.entered_at) FILTER (WHERE s.step >= 3) AS m3, min(s.entered_at) FILTER (WHERE s.step >= 4) AS m4, min(s.entered_at) FILTER (WHERE s.step >= 5) AS m5, min(s.entered_at) FILTER (WHERE s.step >= 6) AS m6, min(s.entered_at) FILTER (WHERE s.step >= 7) AS m7, min(s.entered_at) FILTER (WHERE s.step = 1) AS e1, min(s.entered_at) FILTER (WHERE s.step = 2) AS e2, min(s.entered_at) FILTER (WHERE s.step = 3) AS e3, min(s.entered_at) FILTER (WHERE s.step = 4) AS e4, min(s.entered_at) FILTER (WHERE s.step = 5) AS e5, min(s.entered_at) FILTER (WHERE s.step = 6) AS e6, min(s.entered_at) FILTER (WHERE s.step = 7) AS e7
    FROM deal_steps_in_force s WHERE s.org_id = t.org_id AND s.deal_id = t.deal_id) n ON true
  WHERE m.org_id = t.org_id AND m.deal_id = t.deal_id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION deal_step_minima_after_correction() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE deal_step_minima m SET m1 = n.m1, m2 = n.m2, m3 = n.m3, m4 = n.m4, m5 = n.m5, m6 = n.m6, m7 = n.m7, e1 = n.e1, e2 = n.e2, e3 = n.e3, e4 = n.e4, e5 = n.e5, e6 = n.e6, e7 = n.e7
  FROM (SELECT DISTINCT org_id, deal_id FROM new_rows) t
  LEFT JOIN LATERAL (
    SELECT min(s.entered_at) AS m1, min(s.entered_at) FILTER (WHERE s.step >= 2) AS m2, min(s.entered_at) FILTER (WHERE s.step >= 3) AS m3, min(s.entered_at) FILTER (WHERE s.step >= 4) AS m4, min(s.entered_at) FILTER (WHERE s.step >= 5) AS m5, min(s.entered_at) FILTER (WHERE s.step >= 6) AS m6, min(s.entered_at) FILTER (WHERE s.step >= 7) AS m7, min(s.entered_at) FILTER (WHERE s.step = 1) AS e1, min(s.entered_at) FILTER (WHERE s.step = 2) AS e2, min(s.entered_at) FILTER (WHERE s.step = 3) AS e3, min(s.entered_at) FILTER (WHERE s.step = 4) AS e4, min(s.entered_at) FILTER (WHERE s.step = 5) AS e5, min(s.entered_at) FILTER (WHERE s.step = 6) AS e6, min(s.entered_at) FILTER (WHERE s.step = 7) AS e7
    FROM deal_steps_in_force s WHERE s.org_id = t.org_id AND s.deal_id = t.deal_id) n ON true
  WHERE m.org_id = t.org_id AND m.deal_id = t.deal_id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER deal_step_minima_on_correction AFTER INSERT ON deal_step_corrections
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION deal_step_minima_after_correction();
--> statement-breakpoint
ALTER TABLE deal_step_corrections ENABLE ALWAYS TRIGGER deal_step_minima_on_correction;
