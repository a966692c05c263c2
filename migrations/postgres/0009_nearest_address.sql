-- A report placed by a pin or a GPS fix gets the nearest address of the register, marked as
-- such ("bij Stationsstraat 12"), and the register is searched by position for it.
ALTER TABLE report ADD COLUMN address_near boolean NOT NULL DEFAULT false;
CREATE INDEX address_position ON address (lat, lon);
