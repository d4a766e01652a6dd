-- The sender of one inbound message (migration 0023, messaging_resolve_sender):
-- duplicate, or the user, channel and envelope key, created when unknown.
-- $1 channel type, $2 canonical value, $3 provider, $4 provider message id,
-- $5 first name, $6 last name, $7 id for a new user, $8 a new phone-only
-- user's reserved address, $9 candidate user key id, $10 its wrapping,
-- $11 its master key id, $12 request id, $13 ip.
SELECT duplicate, user_id, channel_id, created_user, patient_profile_id, key_kind, key_id,
       wrapped_key
FROM messaging_resolve_sender($1, $2, $3, $4, $5, $6, $7::uuid, $8, $9::uuid, $10, $11, $12,
                              $13::inet)
