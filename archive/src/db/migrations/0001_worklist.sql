CREATE TABLE "scheduled_procedure_steps" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"patient_name" text DEFAULT '' NOT NULL,
	"patient_id" text DEFAULT '' NOT NULL,
	"patient_birth_date" text DEFAULT '' NOT NULL,
	"patient_sex" text DEFAULT '' NOT NULL,
	"accession_number" text DEFAULT '' NOT NULL,
	"requested_procedure_id" text DEFAULT '' NOT NULL,
	"requested_procedure_description" text DEFAULT '' NOT NULL,
	"study_instance_uid" text NOT NULL,
	"referring_physician_name" text DEFAULT '' NOT NULL,
	"scheduled_station_ae_title" text DEFAULT '' NOT NULL,
	"sps_start_date" text DEFAULT '' NOT NULL,
	"sps_start_time" text DEFAULT '' NOT NULL,
	"modality" text DEFAULT '' NOT NULL,
	"scheduled_performing_physician_name" text DEFAULT '' NOT NULL,
	"sps_id" text NOT NULL,
	"sps_description" text DEFAULT '' NOT NULL,
	"sps_status" text DEFAULT 'SCHEDULED' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "sps_modality_idx" ON "scheduled_procedure_steps" USING btree ("modality");--> statement-breakpoint
CREATE INDEX "sps_station_ae_idx" ON "scheduled_procedure_steps" USING btree ("scheduled_station_ae_title");--> statement-breakpoint
CREATE INDEX "sps_start_idx" ON "scheduled_procedure_steps" USING btree ("sps_start_date","sps_start_time");--> statement-breakpoint
CREATE INDEX "sps_patient_id_idx" ON "scheduled_procedure_steps" USING btree ("patient_id" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "sps_patient_name_lower_idx" ON "scheduled_procedure_steps" USING btree (lower("patient_name") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "sps_accession_idx" ON "scheduled_procedure_steps" USING btree ("accession_number" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "sps_study_uid_idx" ON "scheduled_procedure_steps" USING btree ("study_instance_uid");