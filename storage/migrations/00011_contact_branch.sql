-- The branch a person in several branches chose to act on in the private
-- chat with the bot (0: none chosen yet). A branch id, not a chat id, so
-- that a group upgraded to a supergroup keeps the choice.

-- +goose Up
ALTER TABLE contacts ADD COLUMN branch_id INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE contacts DROP COLUMN branch_id;
