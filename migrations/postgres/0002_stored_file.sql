-- Files kept in the database (`--file-store database`): photos, thumbnails and complaint
-- attachments, written in the transaction that stores the rows naming them.
CREATE TABLE stored_file (
    area        text NOT NULL CHECK (area IN ('photos', 'private')),
    key         text NOT NULL,
    bytes       bytea NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (area, key)
);
-- JPEG and PDF bytes do not compress: store them out of line without trying.
ALTER TABLE stored_file ALTER COLUMN bytes SET STORAGE EXTERNAL;

-- A row that goes takes its files along, in the same transaction, whichever code deletes it.
-- The trigger's argument names the area the row's files are in.
CREATE FUNCTION meldpunt_drop_files() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM stored_file
     WHERE area = TG_ARGV[0] AND key IN (OLD.storage_key, OLD.thumbnail_key);
    RETURN OLD;
END $$;
CREATE TRIGGER photo_files_go_along AFTER DELETE ON photo
    FOR EACH ROW EXECUTE FUNCTION meldpunt_drop_files('photos');
CREATE TRIGGER complaint_files_go_along AFTER DELETE ON complaint_file
    FOR EACH ROW EXECUTE FUNCTION meldpunt_drop_files('private');
