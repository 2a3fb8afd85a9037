CREATE TABLE "departments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"station" text NOT NULL,
	"name" text NOT NULL,
	"enabled" boolean NOT NULL,
	"event_sequence" bigint DEFAULT 0 NOT NULL,
	"search" "tsvector" NOT NULL
);
--> statement-breakpoint
ALTER TABLE "departments" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "faqs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"station" text NOT NULL,
	"question" text NOT NULL,
	"answer" text NOT NULL,
	"department_id" uuid,
	"department_name" text NOT NULL,
	"event_sequence" bigint NOT NULL,
	"search" "tsvector" NOT NULL
);
--> statement-breakpoint
ALTER TABLE "faqs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"station" text NOT NULL,
	"version" integer NOT NULL,
	"name" text NOT NULL,
	"impl_code" text NOT NULL,
	"parent_id" uuid,
	"department_id" uuid NOT NULL,
	"department_name" text NOT NULL,
	"power_type" text NOT NULL,
	"handling_type" text NOT NULL,
	"online" boolean NOT NULL,
	"service_objects" text[] NOT NULL,
	"materials" jsonb NOT NULL,
	"guide" jsonb NOT NULL,
	"legal_time_limit" jsonb,
	"promised_time_limit" jsonb,
	"search" "tsvector" NOT NULL,
	"indexed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "items_handling_type" CHECK ("items"."handling_type" in ('immediate', 'promised'))
);
--> statement-breakpoint
ALTER TABLE "items" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
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
CREATE TABLE "retired" (
	"kind" text NOT NULL,
	"id" uuid NOT NULL,
	"station" text NOT NULL,
	"version" bigint NOT NULL,
	CONSTRAINT "retired_kind_id_pk" PRIMARY KEY("kind","id"),
	CONSTRAINT "retired_kind" CHECK ("retired"."kind" in ('item', 'faq'))
);
--> statement-breakpoint
ALTER TABLE "retired" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "stations" (
	"key" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"enabled" boolean NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "departments_station_idx" ON "departments" USING btree ("station");--> statement-breakpoint
CREATE INDEX "departments_search_idx" ON "departments" USING gin ("search");--> statement-breakpoint
CREATE INDEX "faqs_station_idx" ON "faqs" USING btree ("station");--> statement-breakpoint
CREATE INDEX "faqs_search_idx" ON "faqs" USING gin ("search");--> statement-breakpoint
CREATE INDEX "items_station_department_idx" ON "items" USING btree ("station","department_id");--> statement-breakpoint
CREATE INDEX "items_parent_idx" ON "items" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "items_search_idx" ON "items" USING gin ("search");--> statement-breakpoint
CREATE INDEX "outbox_created_at_idx" ON "outbox" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "processed_events_processed_at_idx" ON "processed_events" USING btree ("processed_at");--> statement-breakpoint
CREATE POLICY "station_isolation" ON "departments" AS PERMISSIVE FOR ALL TO public USING ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*') WITH CHECK ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*');--> statement-breakpoint
CREATE POLICY "station_isolation" ON "faqs" AS PERMISSIVE FOR ALL TO public USING ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*') WITH CHECK ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*');--> statement-breakpoint
CREATE POLICY "station_isolation" ON "items" AS PERMISSIVE FOR ALL TO public USING ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*') WITH CHECK ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*');--> statement-breakpoint
CREATE POLICY "station_isolation" ON "retired" AS PERMISSIVE FOR ALL TO public USING ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*') WITH CHECK ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*');