-- Whether the processing of a person's data is restricted, why, since when
-- and by whom. $1 user. No row when the user does not exist.
SELECT json_build_object('user_id', u.id, 'restricted', r.user_id IS NOT NULL,
                         'reason', r.reason, 'restricted_at', r.restricted_at,
                         'restricted_by', r.restricted_by)::text
FROM users u LEFT JOIN processing_restrictions r ON r.user_id = u.id
WHERE u.id = $1::uuid
