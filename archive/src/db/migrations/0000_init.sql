CREATE TABLE "instances" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"series_fk" bigint NOT NULL,
	"study_fk" bigint NOT NULL,
	"sop_instance_uid" text NOT NULL,
	"sop_class_uid" text NOT NULL,
	"instance_number" integer,
	"transfer_syntax_uid" text NOT NULL,
	"rows" integer,
	"columns" integer,
	"number_of_frames" integer,
	"blob_key" text NOT NULL,
	"sha256" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"pixel_data_offset" bigint,
	"pixel_data_length" bigint,
	"metadata" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "patients" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"patient_key" text NOT NULL,
	"patient_id" text DEFAULT '' NOT NULL,
	"issuer_of_patient_id" text DEFAULT '' NOT NULL,
	"patient_name" text DEFAULT '' NOT NULL,
	"patient_birth_date" text DEFAULT '' NOT NULL,
	"patient_sex" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "series" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"study_fk" bigint NOT NULL,
	"series_instance_uid" text NOT NULL,
	"modality" text DEFAULT '' NOT NULL,
	"series_number" integer,
	"series_description" text DEFAULT '' NOT NULL,
	"series_date" text DEFAULT '' NOT NULL,
	"series_time" text DEFAULT '' NOT NULL,
	"body_part_examined" text DEFAULT '' NOT NULL,
	"pps_start_date" text DEFAULT '' NOT NULL,
	"pps_start_time" text DEFAULT '' NOT NULL,
	"scheduled_procedure_step_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"requested_procedure_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"number_of_instances" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "studies" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"patient_fk" bigint NOT NULL,
	"study_instance_uid" text NOT NULL,
	"study_date" text DEFAULT '' NOT NULL,
	"study_time" text DEFAULT '' NOT NULL,
	"accession_number" text DEFAULT '' NOT NULL,
	"referring_physician_name" text DEFAULT '' NOT NULL,
	"study_id" text DEFAULT '' NOT NULL,
	"study_description" text DEFAULT '' NOT NULL,
	"timezone_offset_from_utc" text DEFAULT '' NOT NULL,
	"modalities_in_study" text[] DEFAULT '{}'::text[] NOT NULL,
	"sop_classes_in_study" text[] DEFAULT '{}'::text[] NOT NULL,
	"number_of_series" integer DEFAULT 0 NOT NULL,
	"number_of_instances" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "instances" ADD CONSTRAINT "instances_series_fk_series_id_fk" FOREIGN KEY ("series_fk") REFERENCES "public"."series"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instances" ADD CONSTRAINT "instances_study_fk_studies_id_fk" FOREIGN KEY ("study_fk") REFERENCES "public"."studies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "series" ADD CONSTRAINT "series_study_fk_studies_id_fk" FOREIGN KEY ("study_fk") REFERENCES "public"."studies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studies" ADD CONSTRAINT "studies_patient_fk_patients_id_fk" FOREIGN KEY ("patient_fk") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "instances_uid_uq" ON "instances" USING btree ("sop_instance_uid");--> statement-breakpoint
CREATE INDEX "instances_series_idx" ON "instances" USING btree ("series_fk","instance_number");--> statement-breakpoint
CREATE INDEX "instances_study_idx" ON "instances" USING btree ("study_fk");--> statement-breakpoint
CREATE INDEX "instances_sop_class_idx" ON "instances" USING btree ("sop_class_uid");--> statement-breakpoint
CREATE UNIQUE INDEX "patients_key_uq" ON "patients" USING btree ("patient_key");--> statement-breakpoint
CREATE INDEX "patients_patient_id_idx" ON "patients" USING btree ("patient_id" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "patients_name_lower_idx" ON "patients" USING btree (lower("patient_name") text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "series_uid_uq" ON "series" USING btree ("series_instance_uid");--> statement-breakpoint
CREATE INDEX "series_study_idx" ON "series" USING btree ("study_fk","series_number");--> statement-breakpoint
CREATE INDEX "series_modality_idx" ON "series" USING btree ("modality");--> statement-breakpoint
CREATE INDEX "series_pps_date_idx" ON "series" USING btree ("pps_start_date","pps_start_time");--> statement-breakpoint
CREATE UNIQUE INDEX "studies_uid_uq" ON "studies" USING btree ("study_instance_uid");--> statement-breakpoint
CREATE INDEX "studies_patient_idx" ON "studies" USING btree ("patient_fk");--> statement-breakpoint
CREATE INDEX "studies_date_time_idx" ON "studies" USING btree ("study_date","study_time");--> statement-breakpoint
CREATE INDEX "studies_accession_idx" ON "studies" USING btree ("accession_number" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "studies_study_id_idx" ON "studies" USING btree ("study_id");--> statement-breakpoint
CREATE INDEX "studies_referring_lower_idx" ON "studies" USING btree (lower("referring_physician_name") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "studies_modalities_gin" ON "studies" USING gin ("modalities_in_study");--> statement-breakpoint
CREATE INDEX "studies_description_lower_idx" ON "studies" USING btree (lower("study_description") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "studies_updated_idx" ON "studies" USING btree ("updated_at");