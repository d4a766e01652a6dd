-- A channel opt-out is a withdrawal of marketing consent on that channel.
--
-- A STOP (or its Turkish, German, Arabic or Russian word), a user's block or
-- a staff change that opts a WhatsApp, SMS or e-mail channel out
-- (channel_consent_events, 0023) also writes a 'withdrawn' event for
-- marketing on that channel into the consent ledger (0026), in the same
-- transaction. So consent_allows() and every node listening on
-- imedic_consent see it at once, and a marketing send that checks the
-- ledger is blocked.
--
-- Opting back in by keyword ("START", "BAŞLA") reopens the channel, but gives
-- no marketing consent: consent is given to a text shown, which a keyword is
-- not. The ledger keeps the withdrawal until the person gives consent to the
-- current text (POST /me/consents, or staff on their behalf).
CREATE FUNCTION channel_opt_out_to_consent_ledger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.state <> 'opted_out' THEN
    RETURN NULL;
  END IF;
  INSERT INTO consent_events (user_id, purpose, action, channel, occurred_at, recorded_by)
  SELECT c.user_id,
         CASE c.channel_type
           WHEN 'whatsapp' THEN 'marketing_whatsapp'
           WHEN 'sms' THEN 'marketing_sms'
           ELSE 'marketing_email'
         END,
         'withdrawn', c.channel_type, NEW.created_at,
         CASE WHEN NEW.method = 'staff' THEN NEW.actor_user_id END
  FROM communication_channels c
  WHERE c.id = NEW.channel_id AND c.channel_type IN ('whatsapp', 'sms', 'email');
  RETURN NULL;
END;
$$;

CREATE TRIGGER channel_consent_events_to_ledger
  AFTER INSERT ON channel_consent_events
  FOR EACH ROW EXECUTE FUNCTION channel_opt_out_to_consent_ledger();
