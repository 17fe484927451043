/**
 * Drops every table and range type the clinic migrations created, keeping their record in clinic_migrations: run
 * with `DELETE FROM clinic_migrations` every migration is pending again; without it, applying them again fails.
 */
export const UNDO_MIGRATIONS = `DO $$ DECLARE t text; BEGIN
  FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'clinic_migrations' LOOP
    EXECUTE format('DROP TABLE IF EXISTS %I CASCADE', t);
  END LOOP;
  FOR t IN SELECT typname FROM pg_type WHERE typnamespace = 'public'::regnamespace AND typtype = 'r' LOOP
    EXECUTE format('DROP TYPE IF EXISTS %I CASCADE', t);
  END LOOP; END $$`;
