CREATE TABLE "announcement_departments" (
	"station" text NOT NULL,
	"department_id" uuid NOT NULL,
	"department_name" text NOT NULL,
	"version_at" timestamp with time zone NOT NULL,
	"version_seq" bigint NOT NULL,
	CONSTRAINT "announcement_departments_station_department_id_pk" PRIMARY KEY("station","department_id")
);
--> statement-breakpoint
ALTER TABLE "announcement_departments" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "announcement_items" (
	"station" text NOT NULL,
	"item_id" uuid NOT NULL,
	"item_name" text NOT NULL,
	"search" "tsvector" NOT NULL,
	"version_at" timestamp with time zone NOT NULL,
	"version_seq" bigint NOT NULL,
	CONSTRAINT "announcement_items_station_item_id_pk" PRIMARY KEY("station","item_id")
);
--> statement-breakpoint
ALTER TABLE "announcement_items" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "announcements" (
	"application_id" uuid PRIMARY KEY NOT NULL,
	"station" text NOT NULL,
	"serial" text NOT NULL,
	"item_id" uuid NOT NULL,
	"item_name" text NOT NULL,
	"department_id" uuid NOT NULL,
	"department_name" text NOT NULL,
	"applicant_type" text NOT NULL,
	"applicant_masked" text NOT NULL,
	"state" text,
	"submitted_at" timestamp with time zone,
	"accepted_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"outcome" text,
	"on_time" boolean,
	"evaluation_level" smallint,
	"evaluated_at" timestamp with time zone,
	"version_at" timestamp with time zone,
	"version_seq" bigint,
	CONSTRAINT "announcements_level" CHECK ("announcements"."evaluation_level" between 1 and 5)
);
--> statement-breakpoint
ALTER TABLE "announcements" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "attachments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"station" text NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"content" "bytea" NOT NULL,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "attachments" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "daily_statistics" (
	"station" text NOT NULL,
	"day" date NOT NULL,
	"received" integer DEFAULT 0 NOT NULL,
	"completed" integer DEFAULT 0 NOT NULL,
	"completed_on_time" integer DEFAULT 0 NOT NULL,
	"evaluations" integer DEFAULT 0 NOT NULL,
	"evaluation_level_sum" integer DEFAULT 0 NOT NULL,
	"satisfied" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "daily_statistics_station_day_pk" PRIMARY KEY("station","day")
);
--> statement-breakpoint
ALTER TABLE "daily_statistics" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "notices" (
	"id" uuid PRIMARY KEY NOT NULL,
	"station" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"body_text" text NOT NULL,
	"status" text NOT NULL,
	"pinned" boolean DEFAULT false NOT NULL,
	"attachment_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"image_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"search" "tsvector" DEFAULT ''::tsvector NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"created_by" uuid NOT NULL,
	"updated_by" uuid NOT NULL,
	CONSTRAINT "notices_status" CHECK ("notices"."status" in ('draft', 'published'))
);
--> statement-breakpoint
ALTER TABLE "notices" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
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
CREATE TABLE "publicity_entries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"station" text NOT NULL,
	"title" text NOT NULL,
	"item_name" text NOT NULL,
	"department_id" uuid NOT NULL,
	"department_name" text NOT NULL,
	"summary" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"file_id" uuid NOT NULL,
	"status" text NOT NULL,
	"search" "tsvector" DEFAULT ''::tsvector NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"created_by" uuid NOT NULL,
	"updated_by" uuid NOT NULL,
	CONSTRAINT "publicity_entries_status" CHECK ("publicity_entries"."status" in ('draft', 'published')),
	CONSTRAINT "publicity_entries_period" CHECK ("publicity_entries"."period_start" <= "publicity_entries"."period_end")
);
--> statement-breakpoint
ALTER TABLE "publicity_entries" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "station_profiles" (
	"station" text PRIMARY KEY NOT NULL,
	"display_name" text,
	"banner_title" text,
	"banner_subtitle" text,
	"address" text,
	"phone" text,
	"hours" text,
	"email" text,
	"revision" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" uuid NOT NULL
);
--> statement-breakpoint
ALTER TABLE "station_profiles" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "stations" (
	"key" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"enabled" boolean NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "announcements_list_idx" ON "announcements" USING btree ("station","submitted_at" DESC NULLS LAST,"application_id" DESC NULLS LAST,"item_id") WHERE "announcements"."state" is not null;--> statement-breakpoint
CREATE INDEX "announcements_department_idx" ON "announcements" USING btree ("station","department_id","submitted_at" DESC NULLS LAST,"application_id" DESC NULLS LAST) WHERE "announcements"."state" is not null;--> statement-breakpoint
CREATE INDEX "announcements_accepted_idx" ON "announcements" USING btree ("station","accepted_at" DESC NULLS LAST,"application_id" DESC NULLS LAST) WHERE "announcements"."state" is not null;--> statement-breakpoint
CREATE INDEX "announcements_department_accepted_idx" ON "announcements" USING btree ("station","department_id","accepted_at" DESC NULLS LAST,"application_id" DESC NULLS LAST) WHERE "announcements"."state" is not null;--> statement-breakpoint
CREATE INDEX "announcements_item_idx" ON "announcements" USING btree ("station","item_id","submitted_at" DESC NULLS LAST,"application_id" DESC NULLS LAST) WHERE "announcements"."state" is not null;--> statement-breakpoint
CREATE INDEX "announcements_serial_idx" ON "announcements" USING btree ("serial" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "attachments_station_idx" ON "attachments" USING btree ("station","created_at");--> statement-breakpoint
CREATE INDEX "notices_public_idx" ON "notices" USING btree ("station","status","pinned","published_at");--> statement-breakpoint
CREATE INDEX "notices_search_idx" ON "notices" USING gin ("search");--> statement-breakpoint
CREATE INDEX "outbox_created_at_idx" ON "outbox" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "processed_events_processed_at_idx" ON "processed_events" USING btree ("processed_at");--> statement-breakpoint
CREATE INDEX "publicity_entries_public_idx" ON "publicity_entries" USING btree ("station","status","period_start");--> statement-breakpoint
CREATE INDEX "publicity_entries_search_idx" ON "publicity_entries" USING gin ("search");--> statement-breakpoint
CREATE POLICY "station_isolation" ON "announcement_departments" AS PERMISSIVE FOR ALL TO public USING ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*') WITH CHECK ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*');--> statement-breakpoint
CREATE POLICY "station_isolation" ON "announcement_items" AS PERMISSIVE FOR ALL TO public USING ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*') WITH CHECK ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*');--> statement-breakpoint
CREATE POLICY "station_isolation" ON "announcements" AS PERMISSIVE FOR ALL TO public USING ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*') WITH CHECK ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*');--> statement-breakpoint
CREATE POLICY "station_isolation" ON "attachments" AS PERMISSIVE FOR ALL TO public USING ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*') WITH CHECK ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*');--> statement-breakpoint
CREATE POLICY "station_isolation" ON "daily_statistics" AS PERMISSIVE FOR ALL TO public USING ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*') WITH CHECK ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*');--> statement-breakpoint
CREATE POLICY "station_isolation" ON "notices" AS PERMISSIVE FOR ALL TO public USING ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*') WITH CHECK ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*');--> statement-breakpoint
CREATE POLICY "station_isolation" ON "publicity_entries" AS PERMISSIVE FOR ALL TO public USING ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*') WITH CHECK ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*');--> statement-breakpoint
CREATE POLICY "station_isolation" ON "station_profiles" AS PERMISSIVE FOR ALL TO public USING ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*') WITH CHECK ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*');