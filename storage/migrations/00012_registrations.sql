-- Requests to register a branch, waiting for a server operator's approval
-- (ZHIBU_REGISTRATION=approval). A request is about a group chat, not yet a
-- branch: it has no branch_id.

-- +goose Up
CREATE TABLE registrations (
    id                 INTEGER   PRIMARY KEY AUTOINCREMENT,
    chat_id            BIGINT    NOT NULL,
    chat_title         TEXT      NOT NULL DEFAULT '',
    name               TEXT      NOT NULL,
    time_zone          TEXT      NOT NULL DEFAULT '',
    requester_id       BIGINT    NOT NULL,
    requester_username TEXT      NOT NULL DEFAULT '',
    requester_name     TEXT      NOT NULL DEFAULT '',
    state              TEXT      NOT NULL DEFAULT 'pending',
    decided_by         BIGINT    NOT NULL DEFAULT 0,
    decider_name       TEXT      NOT NULL DEFAULT '',
    decided_at         TIMESTAMP,
    created_at         TIMESTAMP NOT NULL
);

-- At most one pending request per group, even when two /setup arrive at once.
CREATE UNIQUE INDEX registrations_one_pending ON registrations (chat_id) WHERE state = 'pending';

-- +goose Down
DROP TABLE registrations;
