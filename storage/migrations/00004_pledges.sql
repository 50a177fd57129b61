-- Public pledges (公开承诺), their history with evidence files, and the
-- officers' calls for pledges. As in 00003, member ids (member_id, actor_id,
-- created_by) carry no foreign key: roster entries are never deleted, only
-- marked removed. pledges.call_id is 0 for a pledge that answers no call, so
-- it carries none either.

-- +goose Up
CREATE TABLE pledges (
    id             INTEGER   PRIMARY KEY AUTOINCREMENT,
    branch_id      INTEGER   NOT NULL REFERENCES branches (id),
    -- 编号 within the branch: 1, 2, 3 … in order of creation.
    number         INTEGER   NOT NULL,
    member_id      BIGINT    NOT NULL,
    content        TEXT      NOT NULL,
    category       TEXT      NOT NULL DEFAULT '',
    deadline       TIMESTAMP,
    state          TEXT      NOT NULL,
    call_id        BIGINT    NOT NULL DEFAULT 0,
    grade          TEXT      NOT NULL DEFAULT '',
    comment        TEXT      NOT NULL DEFAULT '',
    done_at        TIMESTAMP,
    -- A requested change to published content, '' when none.
    pending_change TEXT      NOT NULL DEFAULT '',
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    UNIQUE (branch_id, number)
);

-- Listings by member then number, and the per-member counts.
CREATE INDEX pledges_branch_member ON pledges (branch_id, member_id, number);
-- Reminders: a branch's open pledges by deadline.
CREATE INDEX pledges_branch_state_deadline ON pledges (branch_id, state, deadline);

CREATE TABLE pledge_events (
    id        INTEGER   PRIMARY KEY AUTOINCREMENT,
    pledge_id INTEGER   NOT NULL REFERENCES pledges (id),
    kind      TEXT      NOT NULL,
    actor_id  BIGINT    NOT NULL DEFAULT 0,
    text      TEXT      NOT NULL DEFAULT '',
    at        TIMESTAMP NOT NULL
);

CREATE INDEX pledge_events_pledge_at ON pledge_events (pledge_id, at, id);

-- Evidence files stay on the chat platform; only their ids are kept.
CREATE TABLE pledge_evidence (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id  INTEGER NOT NULL REFERENCES pledge_events (id),
    file_id   TEXT    NOT NULL,
    file_name TEXT    NOT NULL DEFAULT '',
    size      BIGINT  NOT NULL DEFAULT 0,
    kind      TEXT    NOT NULL DEFAULT ''
);

CREATE INDEX pledge_evidence_event ON pledge_evidence (event_id);

CREATE TABLE pledge_calls (
    id         INTEGER   PRIMARY KEY AUTOINCREMENT,
    branch_id  INTEGER   NOT NULL REFERENCES branches (id),
    number     INTEGER   NOT NULL,
    text       TEXT      NOT NULL,
    deadline   TIMESTAMP,
    -- The chat message members reply to; 0 until it is posted.
    message_id BIGINT    NOT NULL DEFAULT 0,
    closed     BOOLEAN   NOT NULL DEFAULT FALSE,
    created_by BIGINT    NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (branch_id, number)
);

CREATE INDEX pledge_calls_message ON pledge_calls (branch_id, message_id);

-- +goose Down
DROP TABLE pledge_calls;
DROP TABLE pledge_evidence;
DROP TABLE pledge_events;
DROP TABLE pledges;
