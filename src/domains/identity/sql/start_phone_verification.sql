-- Sends a phone verification code by SMS to user $1's number, if it has
-- one that is not verified yet. $2 code hash, $3 code. Returns the outbox id.
WITH target AS (
  SELECT id, phone_number FROM users
  WHERE id = $1 AND phone_number IS NOT NULL AND phone_verified IS NOT TRUE
    -- At most 5 codes an hour: each code allows 5 tries, so guessing stays bounded.
    AND (SELECT count(*) FROM verification_codes vc
         WHERE vc.user_id = users.id AND vc.purpose = 'phone_verification'
           AND vc.created_at > now() - interval '1 hour') < 5
),
code AS (
  INSERT INTO verification_codes (user_id, purpose, code_hash, expires_at)
  SELECT id, 'phone_verification', $2, now() + interval '10 minutes' FROM target
)
INSERT INTO outbox (user_id, channel, recipient, template, payload)
SELECT id, 'sms', phone_number, 'phone_verification', jsonb_build_object('code', $3::text)
FROM target
RETURNING id
