#!/usr/bin/env python3
"""Benchmark fixtures, written straight into the throw-away database.

Sessions are rows exactly like the ones POST /auth/login creates: the token is
"imd_s_" + base64url(32 random bytes) and the row holds its BLAKE2b-256 hex
(src/core/opaque_token.cpp), which is what authenticate_session.sql looks up.

Usage: fixtures.py <psql conninfo> <out dir> <fresh patients for wrk> <for pgbench>
Writes into <out dir>:
  clinician.token       a medical clinician's session (MFA passed)
  patients.txt          16 patient profile ids assigned to that clinician
  create_tokens.txt     one session token per fresh patient (no profile yet),
                        for POST /me/patient-profile (each usable once per run)
  values.json           ids and hashes the pgbench scripts need
pgbench's fresh patients are numbered n = 0..N-1: user id
00000000-0000-4000-8000-<n in 12 digits>, session token hash 'pgbench-<n>'
(pgbench cannot compute BLAKE2b; the lookup is the same unique-index probe).
"""
import base64
import hashlib
import json
import os
import subprocess
import sys
import uuid

conninfo, out, fresh, direct_n = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])


def psql(sql, stdin=None):
    r = subprocess.run(["psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", conninfo, "-c", sql],
                       input=stdin, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("fixtures: " + r.stderr)
    return r.stdout


def token():
    t = "imd_s_" + base64.urlsafe_b64encode(os.urandom(32)).rstrip(b"=").decode()
    return t, hashlib.blake2b(t.encode(), digest_size=32).hexdigest()


# The medical clinician with the most active assignments, and 16 of their
# patients (active accounts, profiles not deleted).
rows = psql("""
WITH c AS (
  SELECT a.staff_user_id AS id
  FROM care_assignments a
  JOIN user_roles ur ON ur.user_id = a.staff_user_id AND ur.role = 'medical'
  JOIN users u ON u.id = a.staff_user_id AND u.status = 'active' AND u.deleted IS NOT TRUE
  WHERE a.ended_at IS NULL AND a.kind = 'medical'
  GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1)
SELECT c.id, p.id FROM c
JOIN care_assignments a ON a.staff_user_id = c.id AND a.ended_at IS NULL
JOIN patient_profiles p ON p.id = a.patient_profile_id AND p.deleted IS NOT TRUE
ORDER BY p.id LIMIT 16""").split()
if not rows:
    sys.exit("fixtures: no medical clinician with an active care assignment")
clinician = rows[0].split("|")[0]
patients = [r.split("|")[1] for r in rows]

tok, h = token()
psql(f"""INSERT INTO sessions (user_id, token_hash, expires_at, idle_timeout_seconds, mfa_verified)
VALUES ('{clinician}', '{h}', now() + interval '1 day', 86400, TRUE)""")
with open(os.path.join(out, "clinician.token"), "w") as f:
    f.write(tok + "\n")
with open(os.path.join(out, "patients.txt"), "w") as f:
    f.write("\n".join(patients) + "\n")

# Fresh active patients (role patient, no patient profile): for the API,
# then for pgbench.
lines = []
api = []
for i in range(fresh):
    t, h = token()
    uid = str(uuid.uuid4())
    lines.append(f"{uid}\tbench-{uid}@bench.invalid\t{h}\n")
    api.append(t)
for n in range(direct_n):
    uid = f"00000000-0000-4000-8000-{n:012d}"
    lines.append(f"{uid}\tpgbench-{n}@bench.invalid\tpgbench-{n}\n")
data = os.path.join(out, "fresh_users.tsv")
with open(data, "w") as f:
    f.writelines(lines)
script = f"""CREATE TEMP TABLE f (id uuid, email text, h text);
\\copy f FROM '{data}'
INSERT INTO users (id, email, user_type, status, email_verified)
  SELECT id, email, 'patient', 'active', TRUE FROM f;
INSERT INTO user_profiles (user_id, first_name, last_name) SELECT id, 'Bench', 'Patient' FROM f;
INSERT INTO user_roles (user_id, role) SELECT id, 'patient' FROM f;
INSERT INTO sessions (user_id, token_hash, expires_at, idle_timeout_seconds, mfa_verified)
  SELECT id, h, now() + interval '1 day', 86400, FALSE FROM f;
"""
r = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", conninfo], input=script,
                   capture_output=True, text=True)
if r.returncode != 0:
    sys.exit("fixtures: " + r.stderr)
os.remove(data)
with open(os.path.join(out, "create_tokens.txt"), "w") as f:
    f.writelines(t + "\n" for t in api)
json.dump({"clinician_id": clinician, "clinician_hash": hashlib.blake2b(tok.encode(), digest_size=32).hexdigest(),
           "patients": ", ".join(f"'{p}'" for p in patients), "npatients": str(len(patients))},
          open(os.path.join(out, "values.json"), "w"), indent=1)
