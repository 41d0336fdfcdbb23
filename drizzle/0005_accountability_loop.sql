CREATE TABLE "coaching_sessions" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"manager_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"step" smallint,
	"held_on" date NOT NULL,
	"minutes" integer NOT NULL,
	"notes" text,
	"follow_up_on" date,
	"time_entry_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coaching_sessions_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "coaching_kind" CHECK ("coaching_sessions"."kind" in ('joint_call','role_play','skill_coaching')),
	CONSTRAINT "coaching_step" CHECK ("coaching_sessions"."step" is null or "coaching_sessions"."step" between 1 and 7),
	CONSTRAINT "coaching_minutes" CHECK ("coaching_sessions"."minutes" > 0)
);
--> statement-breakpoint
CREATE TABLE "commitments" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"review_id" uuid,
	"created_by" uuid NOT NULL,
	"text" text NOT NULL,
	"measure_step" smallint,
	"measure_activity_kind" text,
	"target" integer,
	"due_date" date NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"count" integer,
	"checked_at" timestamp with time zone,
	"checked_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commitments_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "commitments_status" CHECK ("commitments"."status" in ('pending','kept','missed')),
	CONSTRAINT "commitments_measure" CHECK (("commitments"."measure_step" is null or "commitments"."measure_activity_kind" is null) and (("commitments"."measure_step" is null and "commitments"."measure_activity_kind" is null) = ("commitments"."target" is null))),
	CONSTRAINT "commitments_target" CHECK ("commitments"."target" is null or "commitments"."target" > 0)
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"key" text,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"run_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"done_at" timestamp with time zone,
	CONSTRAINT "jobs_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "jobs_status" CHECK ("jobs"."status" in ('pending','done','failed'))
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"link" text,
	"key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone,
	CONSTRAINT "notifications_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "performance_plans" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"manager_id" uuid NOT NULL,
	"targets" text NOT NULL,
	"consequences" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"outcome" text,
	"outcome_note" text,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "performance_plans_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "performance_plans_status" CHECK ("performance_plans"."status" in ('open','acknowledged','closed')),
	CONSTRAINT "performance_plans_outcome" CHECK ("performance_plans"."outcome" is null or "performance_plans"."outcome" in ('met','extended','not_met')),
	CONSTRAINT "performance_plans_dates" CHECK ("performance_plans"."ends_on" >= "performance_plans"."starts_on")
);
--> statement-breakpoint
CREATE TABLE "recognitions" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"given_by" uuid NOT NULL,
	"achievement" text NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "recognitions_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "time_rules" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"keyword" text NOT NULL,
	"category" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "time_rules_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "time_rules_category" CHECK ("time_rules"."category" in ('selling','accountability','coaching','motivating','recruiting','admin'))
);
--> statement-breakpoint
ALTER TABLE "reviews" ADD COLUMN "kind" text DEFAULT 'one_on_one' NOT NULL;--> statement-breakpoint
ALTER TABLE "reviews" ADD COLUMN "period" text;--> statement-breakpoint
ALTER TABLE "reviews" ADD COLUMN "agenda" jsonb;--> statement-breakpoint
ALTER TABLE "reviews" ADD COLUMN "manager_signed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "reviews" ADD COLUMN "person_signed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "time_entries" ADD COLUMN "source" text DEFAULT 'manual' NOT NULL;--> statement-breakpoint
ALTER TABLE "time_entries" ADD COLUMN "title" text;--> statement-breakpoint
ALTER TABLE "time_entries" ADD COLUMN "external_key" text;--> statement-breakpoint
ALTER TABLE "coaching_sessions" ADD CONSTRAINT "coaching_sessions_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coaching_sessions" ADD CONSTRAINT "coaching_sessions_org_id_person_id_people_org_id_id_fk" FOREIGN KEY ("org_id","person_id") REFERENCES "public"."people"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coaching_sessions" ADD CONSTRAINT "coaching_sessions_org_id_manager_id_people_org_id_id_fk" FOREIGN KEY ("org_id","manager_id") REFERENCES "public"."people"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitments" ADD CONSTRAINT "commitments_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitments" ADD CONSTRAINT "commitments_org_id_person_id_people_org_id_id_fk" FOREIGN KEY ("org_id","person_id") REFERENCES "public"."people"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitments" ADD CONSTRAINT "commitments_org_id_review_id_reviews_org_id_id_fk" FOREIGN KEY ("org_id","review_id") REFERENCES "public"."reviews"("org_id","id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_org_id_person_id_people_org_id_id_fk" FOREIGN KEY ("org_id","person_id") REFERENCES "public"."people"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "performance_plans" ADD CONSTRAINT "performance_plans_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "performance_plans" ADD CONSTRAINT "performance_plans_org_id_person_id_people_org_id_id_fk" FOREIGN KEY ("org_id","person_id") REFERENCES "public"."people"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "performance_plans" ADD CONSTRAINT "performance_plans_org_id_manager_id_people_org_id_id_fk" FOREIGN KEY ("org_id","manager_id") REFERENCES "public"."people"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recognitions" ADD CONSTRAINT "recognitions_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recognitions" ADD CONSTRAINT "recognitions_org_id_person_id_people_org_id_id_fk" FOREIGN KEY ("org_id","person_id") REFERENCES "public"."people"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recognitions" ADD CONSTRAINT "recognitions_org_id_given_by_people_org_id_id_fk" FOREIGN KEY ("org_id","given_by") REFERENCES "public"."people"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_rules" ADD CONSTRAINT "time_rules_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_rules" ADD CONSTRAINT "time_rules_org_id_person_id_people_org_id_id_fk" FOREIGN KEY ("org_id","person_id") REFERENCES "public"."people"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "coaching_org_person" ON "coaching_sessions" USING btree ("org_id","person_id","held_on");--> statement-breakpoint
CREATE INDEX "commitments_org_person_due" ON "commitments" USING btree ("org_id","person_id","due_at");--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_org_key" ON "jobs" USING btree ("org_id","key");--> statement-breakpoint
CREATE INDEX "jobs_due" ON "jobs" USING btree ("run_at") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "notifications_org_person" ON "notifications" USING btree ("org_id","person_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_org_key" ON "notifications" USING btree ("org_id","person_id","key");--> statement-breakpoint
CREATE INDEX "performance_plans_org_person" ON "performance_plans" USING btree ("org_id","person_id");--> statement-breakpoint
CREATE INDEX "recognitions_org_created" ON "recognitions" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "time_rules_person_keyword" ON "time_rules" USING btree ("org_id","person_id","keyword");--> statement-breakpoint
CREATE UNIQUE INDEX "time_entries_external" ON "time_entries" USING btree ("org_id","person_id","external_key");--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_kind" CHECK ("reviews"."kind" in ('one_on_one','pipeline'));