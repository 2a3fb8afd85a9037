CREATE TABLE "code_counters" (
	"station" text NOT NULL,
	"month" text NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "code_counters_station_month_pk" PRIMARY KEY("station","month")
);
--> statement-breakpoint
ALTER TABLE "code_counters" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "departments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"station" text NOT NULL,
	"name" text NOT NULL,
	"enabled" boolean NOT NULL,
	"observed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "departments" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "faqs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"station" text NOT NULL,
	"letter_id" uuid NOT NULL,
	"question" text NOT NULL,
	"answer" text NOT NULL,
	"department_id" uuid,
	"department_name" text,
	"state" text NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"withdrawn_at" timestamp with time zone,
	CONSTRAINT "faqs_state" CHECK ("faqs"."state" in ('published', 'withdrawn'))
);
--> statement-breakpoint
ALTER TABLE "faqs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "letter_steps" (
	"id" uuid PRIMARY KEY NOT NULL,
	"station" text NOT NULL,
	"letter_id" uuid NOT NULL,
	"action" text NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_id" uuid,
	"note" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "letter_steps" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "letters" (
	"id" uuid PRIMARY KEY NOT NULL,
	"station" text NOT NULL,
	"code" text NOT NULL,
	"kind" text NOT NULL,
	"department_id" uuid,
	"department_name" text,
	"subject" text NOT NULL,
	"content" text NOT NULL,
	"related_serial" text,
	"staff_name" text,
	"contact_name" text NOT NULL,
	"mobile" text NOT NULL,
	"mobile_hash" text NOT NULL,
	"public_consent" boolean NOT NULL,
	"writer_kind" text,
	"writer_id" uuid,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"idempotency_key" uuid,
	"state" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"reply_text" text,
	"reply_department_name" text,
	"replied_by" uuid,
	"replied_at" timestamp with time zone,
	"reply_on_time" boolean,
	"out_of_scope_explanation" text,
	"out_of_scope_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"rating" text,
	"rating_comment" text,
	"rated_at" timestamp with time zone,
	"revision" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "letters_state" CHECK ("letters"."state" in ('received', 'assigned', 'replied', 'closed', 'out_of_scope')),
	CONSTRAINT "letters_kind" CHECK ("letters"."kind" in ('consultation', 'complaint', 'suggestion')),
	CONSTRAINT "letters_department_when_addressed" CHECK ("letters"."kind" = 'complaint' or "letters"."department_id" is not null),
	CONSTRAINT "letters_writer" CHECK (("letters"."writer_kind" is null) = ("letters"."writer_id" is null))
);
--> statement-breakpoint
ALTER TABLE "letters" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
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
ALTER TABLE "faqs" ADD CONSTRAINT "faqs_letter_id_letters_id_fk" FOREIGN KEY ("letter_id") REFERENCES "public"."letters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letter_steps" ADD CONSTRAINT "letter_steps_letter_id_letters_id_fk" FOREIGN KEY ("letter_id") REFERENCES "public"."letters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "faqs_letter_key" ON "faqs" USING btree ("letter_id");--> statement-breakpoint
CREATE INDEX "faqs_station_state_idx" ON "faqs" USING btree ("station","state","published_at");--> statement-breakpoint
CREATE INDEX "letter_steps_letter_idx" ON "letter_steps" USING btree ("letter_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "letters_station_code_key" ON "letters" USING btree ("station","code");--> statement-breakpoint
CREATE UNIQUE INDEX "letters_station_idempotency_key" ON "letters" USING btree ("station","idempotency_key") WHERE "letters"."idempotency_key" is not null;--> statement-breakpoint
CREATE INDEX "letters_queue_idx" ON "letters" USING btree ("station","state","due_at");--> statement-breakpoint
CREATE INDEX "letters_writer_idx" ON "letters" USING btree ("writer_kind","writer_id","received_at");--> statement-breakpoint
CREATE INDEX "outbox_created_at_idx" ON "outbox" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "processed_events_processed_at_idx" ON "processed_events" USING btree ("processed_at");--> statement-breakpoint
CREATE POLICY "station_isolation" ON "code_counters" AS PERMISSIVE FOR ALL TO public USING ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*') WITH CHECK ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*');--> statement-breakpoint
CREATE POLICY "station_isolation" ON "departments" AS PERMISSIVE FOR ALL TO public USING ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*') WITH CHECK ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*');--> statement-breakpoint
CREATE POLICY "station_isolation" ON "faqs" AS PERMISSIVE FOR ALL TO public USING ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*') WITH CHECK ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*');--> statement-breakpoint
CREATE POLICY "station_isolation" ON "letter_steps" AS PERMISSIVE FOR ALL TO public USING ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*') WITH CHECK ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*');--> statement-breakpoint
CREATE POLICY "station_isolation" ON "letters" AS PERMISSIVE FOR ALL TO public USING ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*') WITH CHECK ("station" = current_setting('app.station', true) or current_setting('app.station', true) = '*');