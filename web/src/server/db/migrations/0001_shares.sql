CREATE TABLE "share_links" (
	"id" text PRIMARY KEY NOT NULL,
	"token_sha256" text NOT NULL,
	"study_instance_uid" text NOT NULL,
	"session_id" text,
	"session_join_token" text,
	"label" text DEFAULT '' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"passcode_hash" text,
	"max_uses" integer,
	"uses" integer DEFAULT 0 NOT NULL,
	"failed_passcodes" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "share_links_token_sha256_unique" UNIQUE("token_sha256")
);
--> statement-breakpoint
CREATE TABLE "sign_in_lockouts" (
	"email" text PRIMARY KEY NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "auth_users" ADD COLUMN "dicom_name" text;--> statement-breakpoint
CREATE INDEX "share_links_study_idx" ON "share_links" USING btree ("study_instance_uid");--> statement-breakpoint
CREATE INDEX "share_links_creator_idx" ON "share_links" USING btree ("created_by");