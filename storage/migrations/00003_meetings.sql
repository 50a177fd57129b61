-- Meetings (三会一课 and the other activities), their attendance records,
-- their minutes, and the prompts the bot waits on for a reply. Member ids
-- in host_id, recorder_id, attendance.member_id and the *_by columns carry
-- no foreign key: 0 means "nobody" (or an observer with no roster entry),
-- and roster entries are never deleted, only marked removed.

-- +goose Up
CREATE TABLE meetings (
    id            INTEGER   PRIMARY KEY AUTOINCREMENT,
    branch_id     INTEGER   NOT NULL REFERENCES branches (id),
    -- 编号 within the branch: 1, 2, 3 … in order of creation.
    number        INTEGER   NOT NULL,
    type          TEXT      NOT NULL,
    grp           TEXT      NOT NULL DEFAULT '',
    start_at      TIMESTAMP NOT NULL,
    end_at        TIMESTAMP,
    place         TEXT      NOT NULL DEFAULT '',
    topic         TEXT      NOT NULL DEFAULT '',
    host_id       BIGINT    NOT NULL DEFAULT 0,
    recorder_id   BIGINT    NOT NULL DEFAULT 0,
    lecturer      TEXT      NOT NULL DEFAULT '',
    state         TEXT      NOT NULL DEFAULT 'scheduled',
    backfilled    BOOLEAN   NOT NULL DEFAULT FALSE,
    cancel_reason TEXT      NOT NULL DEFAULT '',
    announce_id   BIGINT    NOT NULL DEFAULT 0,
    created_by    BIGINT    NOT NULL DEFAULT 0,
    closed_by     BIGINT    NOT NULL DEFAULT 0,
    closed_at     TIMESTAMP,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    UNIQUE (branch_id, number)
);

-- Listings by time (the calendar, "next meeting").
CREATE INDEX meetings_branch_start ON meetings (branch_id, start_at);
-- Statistics: a branch's closed meetings in a period.
CREATE INDEX meetings_branch_state_start ON meetings (branch_id, state, start_at);

CREATE TABLE attendance (
    id                INTEGER   PRIMARY KEY AUTOINCREMENT,
    meeting_id        INTEGER   NOT NULL REFERENCES meetings (id),
    -- 0 for an observer (列席) with no roster entry, known by name only.
    member_id         INTEGER   NOT NULL DEFAULT 0,
    name              TEXT      NOT NULL DEFAULT '',
    expected          BOOLEAN   NOT NULL DEFAULT FALSE,
    observer          BOOLEAN   NOT NULL DEFAULT FALSE,
    answer            TEXT      NOT NULL DEFAULT '',
    answered_at       TIMESTAMP,
    leave_reason      TEXT      NOT NULL DEFAULT '',
    leave_rejected    BOOLEAN   NOT NULL DEFAULT FALSE,
    leave_rejected_by BIGINT    NOT NULL DEFAULT 0,
    checked_in_at     TIMESTAMP,
    checked_in_by     BIGINT    NOT NULL DEFAULT 0,
    late              BOOLEAN   NOT NULL DEFAULT FALSE,
    outcome           TEXT      NOT NULL DEFAULT ''
);

-- One record per member and meeting, and one per observer name among the
-- observers without a roster entry, even when two check-ins race.
CREATE UNIQUE INDEX attendance_member ON attendance (meeting_id, member_id) WHERE member_id <> 0;
CREATE UNIQUE INDEX attendance_guest ON attendance (meeting_id, name) WHERE member_id = 0;
-- The partial indexes above serve only queries that repeat their WHERE;
-- listings and statistics join on meeting_id alone.
CREATE INDEX attendance_meeting ON attendance (meeting_id);
-- One member's history.
CREATE INDEX attendance_member_id ON attendance (member_id);

CREATE TABLE minutes (
    id         INTEGER   PRIMARY KEY AUTOINCREMENT,
    meeting_id INTEGER   NOT NULL REFERENCES meetings (id),
    -- 1, 2, 3 … per meeting; a new version never replaces an older one.
    version    INTEGER   NOT NULL,
    text       TEXT      NOT NULL,
    author_id  BIGINT    NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (meeting_id, version)
);

-- Questions the bot asked and whose reply it waits for, keyed by the
-- question's message.
CREATE TABLE prompts (
    chat_id    BIGINT    NOT NULL,
    message_id BIGINT    NOT NULL,
    user_id    BIGINT    NOT NULL DEFAULT 0,
    kind       TEXT      NOT NULL,
    data       TEXT      NOT NULL DEFAULT '',
    expires_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (chat_id, message_id)
);

CREATE INDEX prompts_user ON prompts (chat_id, user_id);
CREATE INDEX prompts_expires ON prompts (expires_at);

-- +goose Down
DROP TABLE prompts;
DROP TABLE minutes;
DROP TABLE attendance;
DROP TABLE meetings;
