-- Grants written before this column (letters attachments since 2026-12-04) read as applications; the hall had no production data then.
ALTER TABLE "file_grants" ADD COLUMN "case_kind" text DEFAULT 'application' NOT NULL;--> statement-breakpoint
ALTER TABLE "file_grants" ADD CONSTRAINT "file_grants_case_kind" CHECK ("file_grants"."case_kind" in ('application', 'letter'));