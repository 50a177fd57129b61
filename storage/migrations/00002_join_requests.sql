-- Join requests (/join) and the exemption from attendance (免于考勤).

-- +goose Up
-- ADD COLUMN does not rebuild the table, so no row and no foreign key is touched.
ALTER TABLE members ADD COLUMN exempt TEXT NOT NULL DEFAULT '';

CREATE TABLE join_requests (
    id           INTEGER   PRIMARY KEY AUTOINCREMENT,
    branch_id    INTEGER   NOT NULL REFERENCES branches (id),
    telegram_id  BIGINT    NOT NULL,
    username     TEXT      NOT NULL DEFAULT '',
    display_name TEXT      NOT NULL DEFAULT '',
    name         TEXT      NOT NULL,
    state        TEXT      NOT NULL DEFAULT 'pending',
    status       TEXT      NOT NULL DEFAULT '',
    decided_by   BIGINT    NOT NULL DEFAULT 0,
    decided_at   TIMESTAMP,
    created_at   TIMESTAMP NOT NULL
);

CREATE INDEX join_requests_account ON join_requests (branch_id, telegram_id, state);

-- At most one pending request per account and branch, even when two /join
-- arrive at once.
CREATE UNIQUE INDEX join_requests_one_pending ON join_requests (branch_id, telegram_id) WHERE state = 'pending';

-- +goose Down
DROP TABLE join_requests;
-- DROP COLUMN needs SQLite 3.35 or later.
ALTER TABLE members DROP COLUMN exempt;
