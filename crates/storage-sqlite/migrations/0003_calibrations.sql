-- Item parameters from the latest calibration, one row per bank item.
CREATE TABLE item_calibrations (
    item_id        TEXT PRIMARY KEY NOT NULL,
    model          TEXT NOT NULL,
    a              REAL NOT NULL,
    b              REAL NOT NULL,
    c              REAL NOT NULL,
    se_a           REAL,
    se_b           REAL,
    se_c           REAL,
    responses      INTEGER NOT NULL,
    facility       REAL,
    discrimination REAL,
    calibrated_at  INTEGER NOT NULL
) STRICT;
