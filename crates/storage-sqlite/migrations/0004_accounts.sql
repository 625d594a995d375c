-- Accounts of the web app, their browser sessions, and failed sign-ins. Times are Unix
-- microseconds, UTC.
CREATE TABLE users (
    id             TEXT PRIMARY KEY NOT NULL,
    name           TEXT NOT NULL,
    -- The name in ASCII lower case: names are unique ignoring ASCII case.
    name_key       TEXT NOT NULL UNIQUE,
    password_hash  TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('learner', 'author', 'admin')),
    created_at     INTEGER NOT NULL
) STRICT;

-- The id is the SHA-256 of the cookie's token, hex; the token itself is never stored.
CREATE TABLE web_sessions (
    id          TEXT PRIMARY KEY NOT NULL,
    user_id     TEXT REFERENCES users (id),
    guest       TEXT NOT NULL,
    csrf        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
) STRICT;

CREATE INDEX web_sessions_by_expiry ON web_sessions (expires_at);

-- One row per failed sign-in, by the ASCII-lowercased name tried.
CREATE TABLE sign_in_failures (
    name_key  TEXT NOT NULL,
    at        INTEGER NOT NULL
) STRICT;

CREATE INDEX sign_in_failures_by_name ON sign_in_failures (name_key, at);
