CREATE TABLE "file_grants" (
	"file_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"station" text NOT NULL,
	"applicant_kind" text NOT NULL,
	"applicant_id" uuid NOT NULL,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "file_grants_file_id_application_id_pk" PRIMARY KEY("file_id","application_id"),
	CONSTRAINT "file_grants_applicant_kind" CHECK ("file_grants"."applicant_kind" in ('person', 'unit'))
);
--> statement-breakpoint
ALTER TABLE "file_grants" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "files" (
	"id" uuid PRIMARY KEY NOT NULL,
	"owner_kind" text NOT NULL,
	"owner_id" uuid NOT NULL,
	"name" text NOT NULL,
	"extension" text NOT NULL,
	"media_type" text,
	"size" bigint DEFAULT 0 NOT NULL,
	"sha256" text,
	"state" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"uploaded_at" timestamp with time zone,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "files_owner_kind" CHECK ("files"."owner_kind" in ('person', 'unit', 'staff')),
	CONSTRAINT "files_state" CHECK ("files"."state" in ('pending', 'stored', 'purging')),
	CONSTRAINT "files_stored_complete" CHECK ("files"."state" <> 'stored' or ("files"."media_type" is not null and "files"."sha256" is not null and "files"."uploaded_at" is not null))
);
--> statement-breakpoint
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
ALTER TABLE "file_grants" ADD CONSTRAINT "file_grants_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "file_grants_applicant_idx" ON "file_grants" USING btree ("applicant_kind","applicant_id","file_id");--> statement-breakpoint
CREATE INDEX "file_grants_station_file_idx" ON "file_grants" USING btree ("station","file_id");--> statement-breakpoint
CREATE INDEX "files_library_idx" ON "files" USING btree ("owner_kind","owner_id","uploaded_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "files"."state" = 'stored' and "files"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "files_pending_idx" ON "files" USING btree ("created_at") WHERE "files"."state" = 'pending';--> statement-breakpoint
CREATE INDEX "files_deleted_idx" ON "files" USING btree ("deleted_at") WHERE "files"."state" = 'stored' and "files"."deleted_at" is not null;--> statement-breakpoint
CREATE INDEX "files_staff_idx" ON "files" USING btree ("uploaded_at") WHERE "files"."state" = 'stored' and "files"."owner_kind" = 'staff';--> statement-breakpoint
CREATE INDEX "files_purging_idx" ON "files" USING btree ("id") WHERE "files"."state" = 'purging';--> statement-breakpoint
CREATE INDEX "outbox_created_at_idx" ON "outbox" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "processed_events_processed_at_idx" ON "processed_events" USING btree ("processed_at");--> statement-breakpoint
CREATE POLICY "station_isolation" ON "file_grants" AS PERMISSIVE FOR ALL TO public USING ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*') WITH CHECK ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*');