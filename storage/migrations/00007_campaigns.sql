-- Campaigns (主题教育, 创先争优 …) with their stages and the members'
-- submissions, each branch's reminder settings, and custom reminders
-- (/remind). As in 00003, member ids (created_by, member_id, owner_id) carry
-- no foreign key: roster entries are never deleted, only marked removed.
-- Lists that belong to one row (a stage's requirements, a branch's rules
-- and lead times) are JSON text: they are read and written whole, never
-- queried by their parts.

-- +goose Up
CREATE TABLE campaigns (
    id         INTEGER   PRIMARY KEY AUTOINCREMENT,
    branch_id  INTEGER   NOT NULL REFERENCES branches (id),
    -- 编号 within the branch: 1, 2, 3 … in order of creation.
    number     INTEGER   NOT NULL,
    name       TEXT      NOT NULL,
    created_by BIGINT    NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (branch_id, number)
);

CREATE TABLE stages (
    id           INTEGER   PRIMARY KEY AUTOINCREMENT,
    campaign_id  INTEGER   NOT NULL REFERENCES campaigns (id),
    branch_id    INTEGER   NOT NULL REFERENCES branches (id),
    -- 编号 within the branch (not the campaign): members /submit to it.
    number       INTEGER   NOT NULL,
    name         TEXT      NOT NULL,
    -- The window [start_at, end_at), local midnights stored in UTC.
    start_at     TIMESTAMP NOT NULL,
    end_at       TIMESTAMP NOT NULL,
    -- JSON array of {"kind", "item", "meeting"}.
    requirements TEXT      NOT NULL DEFAULT '[]',
    created_at   TIMESTAMP NOT NULL,
    UNIQUE (branch_id, number)
);

-- A campaign's stages in order.
CREATE INDEX stages_campaign_start ON stages (campaign_id, start_at);
-- The reminder engine: every branch's stages near a time window.
CREATE INDEX stages_start ON stages (start_at);
CREATE INDEX stages_end ON stages (end_at);

CREATE TABLE submissions (
    id         INTEGER   PRIMARY KEY AUTOINCREMENT,
    stage_id   INTEGER   NOT NULL REFERENCES stages (id),
    member_id  BIGINT    NOT NULL,
    text       TEXT      NOT NULL,
    -- When the current text was submitted: a new submission replaces it.
    created_at TIMESTAMP NOT NULL,
    UNIQUE (stage_id, member_id)
);

-- One row per branch that changed its settings; no row means the defaults.
CREATE TABLE branch_settings (
    branch_id   INTEGER   PRIMARY KEY REFERENCES branches (id),
    -- JSON array of {"type", "cadence"}.
    rules       TEXT      NOT NULL DEFAULT '[]',
    -- Minutes after local midnight.
    quiet_start INTEGER   NOT NULL,
    quiet_end   INTEGER   NOT NULL,
    -- JSON array of whole seconds before a meeting's start.
    lead_times  TEXT      NOT NULL DEFAULT '[]',
    updated_at  TIMESTAMP NOT NULL
);

CREATE TABLE reminders (
    id         INTEGER   PRIMARY KEY AUTOINCREMENT,
    branch_id  INTEGER   NOT NULL REFERENCES branches (id),
    -- 编号 within the branch; a deleted reminder keeps its number, so a
    -- number is never reused.
    number     INTEGER   NOT NULL,
    owner_id   BIGINT    NOT NULL DEFAULT 0,
    private    BOOLEAN   NOT NULL DEFAULT FALSE,
    text       TEXT      NOT NULL,
    -- A one-off reminder's time; NULL for a recurring one.
    once_at    TIMESTAMP,
    -- A recurring reminder's rule; '' for a one-off one.
    spec       TEXT      NOT NULL DEFAULT '',
    paused     BOOLEAN   NOT NULL DEFAULT FALSE,
    deleted    BOOLEAN   NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (branch_id, number)
);

-- +goose Down
DROP TABLE reminders;
DROP TABLE branch_settings;
DROP TABLE submissions;
DROP TABLE stages;
DROP TABLE campaigns;
