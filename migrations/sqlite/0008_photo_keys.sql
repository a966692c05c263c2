-- Photos are served only while their report is public: finding a photo's report by the
-- file's key must not scan the table.
CREATE INDEX photo_storage_key_idx ON photo (storage_key);
CREATE INDEX photo_thumbnail_key_idx ON photo (thumbnail_key);
