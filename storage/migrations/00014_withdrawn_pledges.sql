-- A pledge declared impossible (无法兑现) before it was ever published used
-- to keep that public state, so the branch's lists showed a pledge that was
-- never the branch's. Such a pledge was withdrawn: it becomes 已撤回, and its
-- history says so with one more entry (撤回, by no member: this correction),
-- keeping the 无法兑现 entry and its explanation as they were. A pledge was
-- published when its history holds 通过 (the only way to 已公示).

-- +goose Up
INSERT INTO pledge_events (pledge_id, kind, actor_id, text, at)
SELECT p.id, '撤回', 0, '', p.updated_at
FROM pledges p
WHERE p.state = '无法兑现'
  AND NOT EXISTS (SELECT 1 FROM pledge_events e WHERE e.pledge_id = p.id AND e.kind = '通过');

UPDATE pledges SET state = '已撤回'
WHERE state = '无法兑现'
  AND NOT EXISTS (SELECT 1 FROM pledge_events e WHERE e.pledge_id = pledges.id AND e.kind = '通过');

-- +goose Down
UPDATE pledges SET state = '无法兑现'
WHERE state = '已撤回'
  AND id IN (SELECT pledge_id FROM pledge_events WHERE kind = '撤回' AND actor_id = 0);

DELETE FROM pledge_events WHERE kind = '撤回' AND actor_id = 0;
