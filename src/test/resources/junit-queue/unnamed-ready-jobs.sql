-- description: Ready jobs, the model not named: it takes the name of the table this query reads.
SELECT j.id FROM jobs j WHERE j.state = 'ready'
