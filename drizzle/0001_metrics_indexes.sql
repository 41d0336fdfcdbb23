CREATE TABLE "agreed_plans" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"period" text NOT NULL,
	"version" integer NOT NULL,
	"need_lead" integer NOT NULL,
	"need_prospecting" integer NOT NULL,
	"need_qualification" integer NOT NULL,
	"need_needs_analysis" integer NOT NULL,
	"need_presenting" integer NOT NULL,
	"need_closing" integer NOT NULL,
	"computed_need" jsonb,
	"agreed_by" uuid,
	"agreed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"note" text,
	CONSTRAINT "agreed_plans_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "agreed_plans_period" CHECK ("agreed_plans"."period" ~ '^[0-9]{4}-(0[1-9]|1[0-2]|Q[1-4])$'),
	CONSTRAINT "agreed_plans_need" CHECK (least("agreed_plans"."need_lead", "agreed_plans"."need_prospecting", "agreed_plans"."need_qualification", "agreed_plans"."need_needs_analysis", "agreed_plans"."need_presenting", "agreed_plans"."need_closing") >= 0)
);
--> statement-breakpoint
ALTER TABLE "agreed_plans" ADD CONSTRAINT "agreed_plans_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreed_plans" ADD CONSTRAINT "agreed_plans_org_id_person_id_people_org_id_id_fk" FOREIGN KEY ("org_id","person_id") REFERENCES "public"."people"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreed_plans" ADD CONSTRAINT "agreed_plans_org_id_agreed_by_people_org_id_id_fk" FOREIGN KEY ("org_id","agreed_by") REFERENCES "public"."people"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "agreed_plans_version" ON "agreed_plans" USING btree ("org_id","person_id","period","version");--> statement-breakpoint
CREATE INDEX "agreed_plans_org_period" ON "agreed_plans" USING btree ("org_id","period");--> statement-breakpoint
CREATE INDEX "deals_org_owner_closed" ON "deals" USING btree ("org_id","owner_id","closed_at");