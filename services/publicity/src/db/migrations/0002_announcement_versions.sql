CREATE TABLE "announcement_versions" (
	"station" text PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "announcement_versions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "station_isolation" ON "announcement_versions" AS PERMISSIVE FOR ALL TO public USING ("station" = (select current_setting('app.station', true)) or (select current_setting('app.station', true)) = '*') WITH CHECK ("station" = (select current_setting('app.station', true)) or (select current_setting('app.station', true)) = '*');--> statement-breakpoint
-- Every statement that changes what a station's 办件公告 are read from moves the station's
-- version, whoever runs it (ADR 21). SECURITY DEFINER: the counters are written as their owner,
-- whatever station the writing transaction acts for (the station sync acts for none).
CREATE FUNCTION "note_announcement_change"() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO announcement_versions AS v (station, version)
      SELECT DISTINCT station, 1 FROM new_rows
      ON CONFLICT (station) DO UPDATE SET version = v.version + 1;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO announcement_versions AS v (station, version)
      SELECT DISTINCT station, 1 FROM old_rows
      ON CONFLICT (station) DO UPDATE SET version = v.version + 1;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "note_station_change"() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO announcement_versions AS v (station, version)
      SELECT DISTINCT key, 1 FROM new_rows
      ON CONFLICT (station) DO UPDATE SET version = v.version + 1;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO announcement_versions AS v (station, version)
      SELECT DISTINCT key, 1 FROM old_rows
      ON CONFLICT (station) DO UPDATE SET version = v.version + 1;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "announcements_inserted" AFTER INSERT ON "announcements" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "note_announcement_change"();--> statement-breakpoint
CREATE TRIGGER "announcements_updated" AFTER UPDATE ON "announcements" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "note_announcement_change"();--> statement-breakpoint
CREATE TRIGGER "announcements_deleted" AFTER DELETE ON "announcements" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "note_announcement_change"();--> statement-breakpoint
CREATE TRIGGER "announcement_items_inserted" AFTER INSERT ON "announcement_items" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "note_announcement_change"();--> statement-breakpoint
CREATE TRIGGER "announcement_items_updated" AFTER UPDATE ON "announcement_items" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "note_announcement_change"();--> statement-breakpoint
CREATE TRIGGER "announcement_items_deleted" AFTER DELETE ON "announcement_items" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "note_announcement_change"();--> statement-breakpoint
CREATE TRIGGER "stations_inserted" AFTER INSERT ON "stations" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "note_station_change"();--> statement-breakpoint
CREATE TRIGGER "stations_updated" AFTER UPDATE ON "stations" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "note_station_change"();--> statement-breakpoint
CREATE TRIGGER "stations_deleted" AFTER DELETE ON "stations" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "note_station_change"();
