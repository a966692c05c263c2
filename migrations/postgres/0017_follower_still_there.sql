-- A follower of a closed report may answer that the problem is still there. Their closing mail
-- carries a link of their own (one answer, 14 days), kept as a question "is it fixed?" that
-- names the follower. A "still there" asks to reopen the report like the reporter's "not
-- fixed", but counts in no figure (those are the reporters'). It goes with the follower.
ALTER TABLE feedback ADD COLUMN follower_id bigint REFERENCES follower (follower_id) ON DELETE CASCADE;
CREATE INDEX feedback_follower_idx ON feedback (follower_id) WHERE follower_id IS NOT NULL;
