-- PostgreSQL's version of ../00008_contacts.sql (see migrate.go): ids are identity
-- columns and binary data BYTEA; the tables, columns and indexes are the same.

-- Whom the bot may write to privately, and the indexes the reminder engine
-- needs to read every branch's meetings and pledges by time. A contact is a
-- Telegram account, not a roster entry: one person may sit in several
-- branches, and an account with no row is simply not known reachable.

-- +goose Up
CREATE TABLE contacts (
    telegram_id BIGINT   PRIMARY KEY,
    -- TRUE after the person started a private chat, FALSE after they
    -- blocked the bot.
    reachable   BOOLEAN   NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

-- Every branch's meetings starting in a window (meetings_branch_start
-- serves one branch only).
CREATE INDEX meetings_start ON meetings (start_at);
-- Every branch's pledges due in a window.
CREATE INDEX pledges_deadline ON pledges (deadline);

-- +goose Down
DROP INDEX pledges_deadline;
DROP INDEX meetings_start;
DROP TABLE contacts;
