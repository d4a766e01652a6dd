-- Stores one resolved inbound message with its session, consent, lead,
-- media fetches, audit and journey rows (migration 0023,
-- messaging_store_inbound). $1 message id, $2 user, $3 channel, $4 created
-- user, $5 patient profile, $6 channel type, $7 provider, $8 provider
-- message id, $9 message type, $10 sealed content, $11 content key kind,
-- $12 metadata, $13 sent at (unix seconds), $14 consent state, $15 keyword, $16 lead
-- source, $17 phone, $18 email, $19 first name, $20 last name, $21 referral
-- source id, $22 thread references (text[]), $23 session timeout minutes,
-- $24 media (json array), $25 request id, $26 ip.
SELECT stored, message_id, session_id, lead_id
FROM messaging_store_inbound($1::uuid, $2::uuid, $3::uuid, $4::boolean, $5::uuid, $6, $7, $8, $9,
                             $10, $11, $12::jsonb, to_timestamp($13::bigint), $14, $15, $16, $17, $18, $19,
                             $20, $21, $22::text[], $23::int, $24::jsonb, $25, $26::inet)
