-- name: jobs
-- description: The jobs model's table, named file by file for the JUnit extension's tests.
SELECT id FROM jobs WHERE state = 'ready'
