-- One staff message with its outbox row, session update, audit and journey
-- rows (migration 0028, messaging_send). $1 message id, $2 session, $3 user,
-- $4 channel, $5 channel type, $6 patient profile, $7 sealed content, $8 key
-- kind, $9 metadata, $10 purpose, $11 template, $12 recipient, $13 outbox
-- payload, $14 actor, $15 role, $16 request id, $17 ip. Column: the message
-- as the thread shows it (without its text).
SELECT messaging_send($1::uuid, $2::uuid, $3::uuid, $4::uuid, $5, $6::uuid, $7, $8, $9::jsonb,
                      $10, $11::uuid, $12, $13::jsonb, $14::uuid, $15, $16, $17::inet)::text
