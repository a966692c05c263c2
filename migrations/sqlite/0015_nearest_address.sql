-- A report placed by a pin or a GPS fix gets the nearest address of the register, marked as
-- such ("bij Stationsstraat 12"), and the register is searched by position for it.
ALTER TABLE report ADD COLUMN address_near INTEGER NOT NULL DEFAULT 0 CHECK (address_near IN (0, 1));
CREATE INDEX address_position ON address (lat, lon);
