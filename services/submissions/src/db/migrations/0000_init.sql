CREATE TABLE "applications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"station" text NOT NULL,
	"item_id" uuid NOT NULL,
	"item_version" integer NOT NULL,
	"item_name" text NOT NULL,
	"department_id" uuid NOT NULL,
	"department_name" text NOT NULL,
	"applicant_kind" text NOT NULL,
	"applicant_id" uuid NOT NULL,
	"applicant_name" text,
	"state" text NOT NULL,
	"step" text DEFAULT 'notice' NOT NULL,
	"basic" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"materials" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"serial" text,
	"query_password" text,
	"revision" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_at" timestamp with time zone,
	"prereview_due_at" timestamp with time zone,
	"accepted_at" timestamp with time zone,
	"due_at" timestamp with time zone,
	"current_due_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"outcome" text,
	"result" jsonb,
	"supplement" jsonb,
	"reapplication_of" uuid,
	CONSTRAINT "applications_state" CHECK ("applications"."state" in ('draft', 'submitted', 'prereviewed', 'supplement', 'accepted', 'not_accepted', 'rejected', 'completed')),
	CONSTRAINT "applications_serial_when_submitted" CHECK (("applications"."state" = 'draft') = ("applications"."serial" is null))
);
--> statement-breakpoint
ALTER TABLE "applications" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "evaluations" (
	"application_id" uuid PRIMARY KEY NOT NULL,
	"station" text NOT NULL,
	"level" smallint NOT NULL,
	"overall" smallint NOT NULL,
	"efficiency" smallint NOT NULL,
	"guide_accuracy" smallint NOT NULL,
	"convenience" smallint NOT NULL,
	"usability" smallint NOT NULL,
	"comment" text,
	"anonymous" boolean NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "evaluations_level" CHECK ("evaluations"."level" between 1 and 5)
);
--> statement-breakpoint
ALTER TABLE "evaluations" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "follow_ups" (
	"id" uuid PRIMARY KEY NOT NULL,
	"station" text NOT NULL,
	"application_id" uuid NOT NULL,
	"department_id" uuid NOT NULL,
	"level" smallint NOT NULL,
	"state" text NOT NULL,
	"response" text,
	"responded_by" uuid,
	"responded_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "follow_ups_state" CHECK ("follow_ups"."state" in ('open', 'responded'))
);
--> statement-breakpoint
ALTER TABLE "follow_ups" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "item_versions" (
	"item_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"station" text NOT NULL,
	"item" jsonb NOT NULL,
	"fetched_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "item_versions_item_id_version_pk" PRIMARY KEY("item_id","version")
);
--> statement-breakpoint
ALTER TABLE "item_versions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" uuid PRIMARY KEY NOT NULL,
	"subject" text NOT NULL,
	"type" text NOT NULL,
	"station" text NOT NULL,
	"payload" "bytea" NOT NULL,
	"headers" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "processed_events" (
	"consumer" text NOT NULL,
	"event_id" uuid NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "processed_events_consumer_event_id_pk" PRIMARY KEY("consumer","event_id")
);
--> statement-breakpoint
CREATE TABLE "serial_counters" (
	"station" text NOT NULL,
	"day" text NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "serial_counters_station_day_pk" PRIMARY KEY("station","day")
);
--> statement-breakpoint
ALTER TABLE "serial_counters" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "stations" (
	"key" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"enabled" boolean NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"division_code" text,
	"serial_prefix" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "transitions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"station" text NOT NULL,
	"application_id" uuid NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"action" text NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_id" uuid,
	"actor_role" text,
	"opinion" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "transitions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transitions" ADD CONSTRAINT "transitions_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "applications_serial_key" ON "applications" USING btree ("serial");--> statement-breakpoint
CREATE INDEX "applications_applicant_idx" ON "applications" USING btree ("applicant_kind","applicant_id","updated_at");--> statement-breakpoint
CREATE INDEX "applications_worklist_idx" ON "applications" USING btree ("station","state","current_due_at") WHERE "applications"."state" <> 'draft';--> statement-breakpoint
CREATE UNIQUE INDEX "applications_reapplication_key" ON "applications" USING btree ("reapplication_of");--> statement-breakpoint
CREATE INDEX "evaluations_station_idx" ON "evaluations" USING btree ("station","at");--> statement-breakpoint
CREATE UNIQUE INDEX "follow_ups_application_key" ON "follow_ups" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "follow_ups_station_state_idx" ON "follow_ups" USING btree ("station","state","created_at");--> statement-breakpoint
CREATE INDEX "outbox_created_at_idx" ON "outbox" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "processed_events_processed_at_idx" ON "processed_events" USING btree ("processed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "stations_serial_prefix_key" ON "stations" USING btree ("serial_prefix");--> statement-breakpoint
CREATE INDEX "transitions_application_idx" ON "transitions" USING btree ("application_id","at");--> statement-breakpoint
CREATE POLICY "station_isolation" ON "applications" AS PERMISSIVE FOR ALL TO public USING ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*') WITH CHECK ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*');--> statement-breakpoint
CREATE POLICY "station_isolation" ON "evaluations" AS PERMISSIVE FOR ALL TO public USING ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*') WITH CHECK ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*');--> statement-breakpoint
CREATE POLICY "station_isolation" ON "follow_ups" AS PERMISSIVE FOR ALL TO public USING ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*') WITH CHECK ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*');--> statement-breakpoint
CREATE POLICY "station_isolation" ON "item_versions" AS PERMISSIVE FOR ALL TO public USING ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*') WITH CHECK ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*');--> statement-breakpoint
CREATE POLICY "station_isolation" ON "serial_counters" AS PERMISSIVE FOR ALL TO public USING ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*') WITH CHECK ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*');--> statement-breakpoint
CREATE POLICY "station_isolation" ON "transitions" AS PERMISSIVE FOR ALL TO public USING ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*') WITH CHECK ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*');