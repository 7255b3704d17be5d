CREATE TABLE "study_grants" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"study_instance_uid" text NOT NULL,
	"grantee" text NOT NULL,
	"granted_by" text NOT NULL,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "study_grants_grantee_study_idx" ON "study_grants" USING btree ("grantee","study_instance_uid");--> statement-breakpoint
CREATE INDEX "study_grants_study_idx" ON "study_grants" USING btree ("study_instance_uid");