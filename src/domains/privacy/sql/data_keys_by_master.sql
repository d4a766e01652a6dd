-- How many data keys are wrapped under each master key id.
SELECT master_key_id, count(*) FROM patient_data_keys GROUP BY master_key_id ORDER BY master_key_id
