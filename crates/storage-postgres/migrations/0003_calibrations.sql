-- Item parameters from the latest calibration, one row per bank item.
-- DOUBLE PRECISION is SQLite's REAL (8 bytes); PostgreSQL's REAL would be only 4.
CREATE TABLE item_calibrations (
    item_id        TEXT COLLATE "C" PRIMARY KEY,
    model          TEXT NOT NULL,
    a              DOUBLE PRECISION NOT NULL,
    b              DOUBLE PRECISION NOT NULL,
    c              DOUBLE PRECISION NOT NULL,
    se_a           DOUBLE PRECISION,
    se_b           DOUBLE PRECISION,
    se_c           DOUBLE PRECISION,
    responses      BIGINT NOT NULL CHECK (responses BETWEEN 0 AND 4294967295),
    facility       DOUBLE PRECISION,
    discrimination DOUBLE PRECISION,
    calibrated_at  BIGINT NOT NULL
);
