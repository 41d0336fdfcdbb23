CREATE TABLE "deal_stats_checkpoint_owners" (
	"org_id" uuid NOT NULL,
	"checkpoint_id" uuid NOT NULL,
	"owner_id" uuid NOT NULL,
	"sums" bigint[] NOT NULL,
	CONSTRAINT "deal_stats_checkpoint_owners_org_id_checkpoint_id_owner_id_pk" PRIMARY KEY("org_id","checkpoint_id","owner_id")
);
--> statement-breakpoint
CREATE TABLE "deal_stats_checkpoints" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"period_key" text NOT NULL,
	"time_zone" text NOT NULL,
	"window_days" integer NOT NULL,
	"as_of" timestamp with time zone NOT NULL,
	"snapshot" text NOT NULL,
	"snapshot_xmin" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deal_stats_checkpoints_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "deal_stats_log" (
	"org_id" uuid NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "deal_stats_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"xid" bigint NOT NULL,
	"deal_id" uuid NOT NULL,
	"present" boolean NOT NULL,
	"owner_id" uuid,
	"value" numeric(14, 2),
	"status" text,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone,
	"expected_close" date,
	"m1" timestamp with time zone,
	"m2" timestamp with time zone,
	"m3" timestamp with time zone,
	"m4" timestamp with time zone,
	"m5" timestamp with time zone,
	"m6" timestamp with time zone,
	"m7" timestamp with time zone,
	CONSTRAINT "deal_stats_log_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "deal_stats_logging" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"since" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "deal_stats_checkpoint_owners" ADD CONSTRAINT "deal_stats_checkpoint_owners_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_stats_checkpoint_owners" ADD CONSTRAINT "deal_stats_checkpoint_owners_org_id_checkpoint_id_deal_stats_checkpoints_org_id_id_fk" FOREIGN KEY ("org_id","checkpoint_id") REFERENCES "public"."deal_stats_checkpoints"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_stats_checkpoints" ADD CONSTRAINT "deal_stats_checkpoints_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_stats_log" ADD CONSTRAINT "deal_stats_log_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_stats_logging" ADD CONSTRAINT "deal_stats_logging_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "deal_stats_checkpoints_key" ON "deal_stats_checkpoints" USING btree ("org_id","period_key","time_zone","window_days");--> statement-breakpoint
CREATE INDEX "deal_stats_log_org_xid" ON "deal_stats_log" USING btree ("org_id","xid");--> statement-breakpoint
CREATE INDEX "deal_step_minima_org_created" ON "deal_step_minima" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "deal_step_minima_org_closed" ON "deal_step_minima" USING btree ("org_id","closed_at") WHERE closed_at is not null;--> statement-breakpoint

-- custom SQL (carry over when renumbering)
-- deal_stats_log: the old image of every deal_step_minima row an insert, update or
-- delete writes in an organisation whose writes are logged (deal_stats_logging), with
-- the writer's transaction id. Statement-level with transition tables, as the minima's
-- own triggers; ENABLE ALWAYS, so they fire under session_replication_role = replica
-- too. An inserted row logs only its deal (present = false: it had no row). Writes of
-- an organisation being deleted are not logged (its organisations row is gone first).
CREATE FUNCTION deal_stats_log_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM deal_stats_logging) THEN
    RETURN NULL;
  END IF;
  INSERT INTO deal_stats_log (org_id, xid, deal_id, present)
  SELECT n.org_id, pg_current_xact_id()::text::bigint, n.deal_id, false FROM new_rows n
  WHERE n.org_id IN (SELECT l.org_id FROM deal_stats_logging l JOIN organisations g ON g.id = l.org_id);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION deal_stats_log_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM deal_stats_logging) THEN
    RETURN NULL;
  END IF;
  INSERT INTO deal_stats_log (org_id, xid, deal_id, present, owner_id, value, status, closed_at, created_at, expected_close, m1, m2, m3, m4, m5, m6, m7)
  SELECT o.org_id, pg_current_xact_id()::text::bigint, o.deal_id, true, o.owner_id, o.value, o.status, o.closed_at, o.created_at, o.expected_close, o.m1, o.m2, o.m3, o.m4, o.m5, o.m6, o.m7
  FROM old_rows o
  WHERE o.org_id IN (SELECT l.org_id FROM deal_stats_logging l JOIN organisations g ON g.id = l.org_id);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER deal_stats_log_on_insert AFTER INSERT ON deal_step_minima
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION deal_stats_log_insert();
--> statement-breakpoint
CREATE TRIGGER deal_stats_log_on_update AFTER UPDATE ON deal_step_minima
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION deal_stats_log_old();
--> statement-breakpoint
CREATE TRIGGER deal_stats_log_on_delete AFTER DELETE ON deal_step_minima
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION deal_stats_log_old();
--> statement-breakpoint
ALTER TABLE deal_step_minima ENABLE ALWAYS TRIGGER deal_stats_log_on_insert;
--> statement-breakpoint
ALTER TABLE deal_step_minima ENABLE ALWAYS TRIGGER deal_stats_log_on_update;
--> statement-breakpoint
ALTER TABLE deal_step_minima ENABLE ALWAYS TRIGGER deal_stats_log_on_delete;
