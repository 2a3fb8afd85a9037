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
CREATE TABLE "departments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"station" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "departments" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "item_versions" (
	"item_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"station" text NOT NULL,
	"state" text NOT NULL,
	"definition" jsonb NOT NULL,
	"created_by" uuid,
	"updated_by" uuid,
	"published_by" uuid,
	"published_at" timestamp with time zone,
	"superseded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "item_versions_item_id_version_pk" PRIMARY KEY("item_id","version"),
	CONSTRAINT "item_versions_state" CHECK ("item_versions"."state" in ('draft', 'published', 'superseded'))
);
--> statement-breakpoint
ALTER TABLE "item_versions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"station" text NOT NULL,
	"department_id" uuid NOT NULL,
	"parent_id" uuid,
	"impl_code" text NOT NULL,
	"basic_code" text NOT NULL,
	"status" text NOT NULL,
	"published_version" integer,
	"draft_version" integer,
	"last_version" integer NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"name" text NOT NULL,
	"power_type" text NOT NULL,
	"handling_type" text NOT NULL,
	"service_objects" text[] NOT NULL,
	"online" boolean NOT NULL,
	"online_depth" smallint,
	"promised_time_limit" jsonb,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"search" "tsvector" DEFAULT ''::tsvector NOT NULL,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "items_status" CHECK ("items"."status" in ('draft', 'published', 'withdrawn'))
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
CREATE TABLE "stations" (
	"key" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"enabled" boolean NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "item_versions" ADD CONSTRAINT "item_versions_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "items" ADD CONSTRAINT "items_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attachments_station_idx" ON "attachments" USING btree ("station","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "departments_station_code_key" ON "departments" USING btree ("station","code");--> statement-breakpoint
CREATE INDEX "departments_station_order_idx" ON "departments" USING btree ("station","sort_order");--> statement-breakpoint
CREATE UNIQUE INDEX "item_versions_one_draft_key" ON "item_versions" USING btree ("item_id") WHERE "item_versions"."state" = 'draft';--> statement-breakpoint
CREATE INDEX "item_versions_draft_impl_code_idx" ON "item_versions" USING btree ("station",("definition" ->> 'implCode')) WHERE "item_versions"."state" = 'draft';--> statement-breakpoint
CREATE UNIQUE INDEX "items_station_impl_code_key" ON "items" USING btree ("station","impl_code");--> statement-breakpoint
CREATE INDEX "items_listed_department_idx" ON "items" USING btree ("station","department_id","sort_order","name") WHERE "items"."status" = 'published' and "items"."parent_id" is null;--> statement-breakpoint
CREATE INDEX "items_listed_power_type_idx" ON "items" USING btree ("station","power_type","sort_order","name") WHERE "items"."status" = 'published' and "items"."parent_id" is null;--> statement-breakpoint
CREATE INDEX "items_listed_idx" ON "items" USING btree ("station","sort_order","name") WHERE "items"."status" = 'published' and "items"."parent_id" is null;--> statement-breakpoint
CREATE INDEX "items_parent_idx" ON "items" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "items_station_updated_idx" ON "items" USING btree ("station","updated_at");--> statement-breakpoint
CREATE INDEX "items_search_idx" ON "items" USING gin ("search");--> statement-breakpoint
CREATE INDEX "outbox_created_at_idx" ON "outbox" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "processed_events_processed_at_idx" ON "processed_events" USING btree ("processed_at");--> statement-breakpoint
CREATE POLICY "station_isolation" ON "attachments" AS PERMISSIVE FOR ALL TO public USING ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*') WITH CHECK ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*');--> statement-breakpoint
CREATE POLICY "station_isolation" ON "departments" AS PERMISSIVE FOR ALL TO public USING ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*') WITH CHECK ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*');--> statement-breakpoint
CREATE POLICY "station_isolation" ON "item_versions" AS PERMISSIVE FOR ALL TO public USING ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*') WITH CHECK ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*');--> statement-breakpoint
CREATE POLICY "station_isolation" ON "items" AS PERMISSIVE FOR ALL TO public USING ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*') WITH CHECK ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*');