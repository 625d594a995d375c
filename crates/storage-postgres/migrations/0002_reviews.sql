-- Spaced-repetition reviews: one row per review of one bank item. Times are Unix microseconds, UTC.
CREATE TABLE reviews (
    id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id  TEXT,
    item_id  TEXT NOT NULL,
    exam     TEXT NOT NULL,
    at       BIGINT NOT NULL,
    rating   SMALLINT NOT NULL CHECK (rating BETWEEN 1 AND 4),
    source   TEXT NOT NULL
);

CREATE INDEX reviews_by_user ON reviews (user_id, at);
