-- Outbound delivery through the providers (issue 12): the provider's id of
-- a delivered message (WhatsApp wamid, Twilio SM… sid, our SMTP
-- Message-ID), so a later status callback finds the outbox row it answers.
ALTER TABLE outbox ADD COLUMN provider_message_id TEXT;
CREATE INDEX outbox_provider_message_id_idx ON outbox (channel, provider_message_id)
  WHERE provider_message_id IS NOT NULL;
