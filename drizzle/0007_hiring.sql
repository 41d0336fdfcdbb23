CREATE TABLE "candidate_status_changes" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"candidate_id" uuid NOT NULL,
	"status" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"by" uuid,
	"note" text,
	CONSTRAINT "candidate_status_changes_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "candidate_status_changes_status" CHECK ("candidate_status_changes"."status" in ('sourced','screened','interviewed','offered','hired','declined','withdrawn'))
);
--> statement-breakpoint
CREATE TABLE "candidates" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"phone" text,
	"source" text,
	"team" text NOT NULL,
	"role" text DEFAULT 'Salesperson' NOT NULL,
	"status" text DEFAULT 'sourced' NOT NULL,
	"notes" text,
	"experience" text,
	"degree" text,
	"claimed_book" text,
	"person_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "candidates_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "candidates_status" CHECK ("candidates"."status" in ('sourced','screened','interviewed','offered','hired','declined','withdrawn')),
	CONSTRAINT "candidates_hired" CHECK (("candidates"."status" = 'hired') = ("candidates"."person_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "interview_answers" (
	"org_id" uuid NOT NULL,
	"interview_id" uuid NOT NULL,
	"question_id" uuid NOT NULL,
	"answer" text NOT NULL,
	CONSTRAINT "interview_answers_org_id_interview_id_question_id_pk" PRIMARY KEY("org_id","interview_id","question_id")
);
--> statement-breakpoint
CREATE TABLE "interview_questions" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"attribute" text,
	"step" smallint,
	"text" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"seed_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "interview_questions_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "interview_questions_subject" CHECK (("interview_questions"."attribute" is null) <> ("interview_questions"."step" is null) and ("interview_questions"."attribute" is null or "interview_questions"."attribute" in ('positive_attitude','does_what_it_takes','trainability','takes_responsibility')) and ("interview_questions"."step" is null or "interview_questions"."step" between 1 and 7))
);
--> statement-breakpoint
CREATE TABLE "interview_scores" (
	"org_id" uuid NOT NULL,
	"interview_id" uuid NOT NULL,
	"subject" text NOT NULL,
	"score" smallint NOT NULL,
	"evidence" text NOT NULL,
	CONSTRAINT "interview_scores_org_id_interview_id_subject_pk" PRIMARY KEY("org_id","interview_id","subject"),
	CONSTRAINT "interview_scores_score" CHECK ("interview_scores"."score" between 1 and 4)
);
--> statement-breakpoint
CREATE TABLE "interviews" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"candidate_id" uuid NOT NULL,
	"interviewer_id" uuid NOT NULL,
	"held_on" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "interviews_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "candidate_status_changes" ADD CONSTRAINT "candidate_status_changes_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "candidate_status_changes" ADD CONSTRAINT "candidate_status_changes_org_id_candidate_id_candidates_org_id_id_fk" FOREIGN KEY ("org_id","candidate_id") REFERENCES "public"."candidates"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "candidate_status_changes" ADD CONSTRAINT "candidate_status_changes_org_id_by_people_org_id_id_fk" FOREIGN KEY ("org_id","by") REFERENCES "public"."people"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "candidates" ADD CONSTRAINT "candidates_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "candidates" ADD CONSTRAINT "candidates_org_id_person_id_people_org_id_id_fk" FOREIGN KEY ("org_id","person_id") REFERENCES "public"."people"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "candidates" ADD CONSTRAINT "candidates_org_id_created_by_people_org_id_id_fk" FOREIGN KEY ("org_id","created_by") REFERENCES "public"."people"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interview_answers" ADD CONSTRAINT "interview_answers_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interview_answers" ADD CONSTRAINT "interview_answers_org_id_interview_id_interviews_org_id_id_fk" FOREIGN KEY ("org_id","interview_id") REFERENCES "public"."interviews"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interview_answers" ADD CONSTRAINT "interview_answers_org_id_question_id_interview_questions_org_id_id_fk" FOREIGN KEY ("org_id","question_id") REFERENCES "public"."interview_questions"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interview_questions" ADD CONSTRAINT "interview_questions_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interview_scores" ADD CONSTRAINT "interview_scores_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interview_scores" ADD CONSTRAINT "interview_scores_org_id_interview_id_interviews_org_id_id_fk" FOREIGN KEY ("org_id","interview_id") REFERENCES "public"."interviews"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interviews" ADD CONSTRAINT "interviews_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interviews" ADD CONSTRAINT "interviews_org_id_candidate_id_candidates_org_id_id_fk" FOREIGN KEY ("org_id","candidate_id") REFERENCES "public"."candidates"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interviews" ADD CONSTRAINT "interviews_org_id_interviewer_id_people_org_id_id_fk" FOREIGN KEY ("org_id","interviewer_id") REFERENCES "public"."people"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "candidate_status_changes_candidate" ON "candidate_status_changes" USING btree ("org_id","candidate_id","at");--> statement-breakpoint
CREATE INDEX "candidates_org_team" ON "candidates" USING btree ("org_id","team","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "candidates_org_person" ON "candidates" USING btree ("org_id","person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "interview_questions_seed" ON "interview_questions" USING btree ("org_id","seed_key");--> statement-breakpoint
CREATE INDEX "interviews_candidate" ON "interviews" USING btree ("org_id","candidate_id");