-- User $1's live API tokens (never their hashes).
SELECT COALESCE(json_agg(json_build_object('id', id, 'name', name, 'scopes', scopes,
                                           'created_at', created_at, 'last_used_at', last_used_at,
                                           'expires_at', expires_at)
                         ORDER BY created_at DESC), '[]')::text
FROM api_tokens
WHERE user_id = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())
