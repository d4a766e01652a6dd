-- The first step on the journey of a patient staff registered on their
-- behalf: the account and its profile, by whom. $1 patient profile, $2
-- user, $3 actor. Columns: the event id.
SELECT record_journey_event($1::uuid, 'discovery', 'account_registered', $3::uuid,
                            jsonb_build_object('user_id', $2::uuid, 'how', 'staff'), 'api')
