-- Spaced-repetition reviews: one row per review of one bank item. Times are Unix microseconds, UTC.
CREATE TABLE reviews (
    id       INTEGER PRIMARY KEY,
    user_id  TEXT,
    item_id  TEXT NOT NULL,
    exam     TEXT NOT NULL,
    at       INTEGER NOT NULL,
    rating   INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
    source   TEXT NOT NULL
) STRICT;

CREATE INDEX reviews_by_user ON reviews (user_id, at);
