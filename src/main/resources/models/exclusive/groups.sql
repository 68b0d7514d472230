-- One job per lock key at a time: the key is the group.
SELECT id, lock_key FROM jobs
