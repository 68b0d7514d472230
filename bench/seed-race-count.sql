-- One round's result: committed claims, and accounts claimed by more than one committed transaction.
SELECT count(*) AS committed,
       (SELECT count(*) FROM (SELECT account_id FROM claim_log GROUP BY account_id HAVING count(*) > 1) d) AS duplicated_accounts
FROM claim_log;
