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
  staff.token           a session (MFA passed) of a provider staff member of
                        the provider with the most consultations, for
                        GET /consultations
  booker.token          a session (MFA passed) of an administrator (scope
                        'all', bookings.write), for POST /bookings
  book.txt              the booking plan for lua/book.lua: slots S, patients
                        P, the procedure id (one value a line)
  values.json           ids and hashes the pgbench scripts need
pgbench's fresh patients are numbered n = 0..N-1: user id
00000000-0000-4000-8000-<n in 12 digits>, session token hash 'pgbench-<n>'
(pgbench cannot compute BLAKE2b; the lookup is the same unique-index probe).

Bookings: request n (wrk and pgbench alike) books slot n % S for patient
n // S, so no (patient, slot) pair repeats and, the S slots lying on S
distinct dates, no patient's bookings overlap. Slot s has the id
00000000-0000-4000-a000-<s in 12 digits>, patient p the profile id
00000000-0000-4000-9000-<p in 12 digits> (user 00000000-0000-4000-b000-<p>):
lua/book.lua and sql/book.pgbench compute them from n. There are enough
patients for the pgbench range (<for pgbench> requests), which covers wrk's;
bench/run deletes the bookings between runs. Their emails end in
@book.invalid, not @bench.invalid: bench/run deletes the profiles of the
@bench.invalid patients before every create run.
"""
import base64
import hashlib
import json
import os
import subprocess
import sys
import uuid

conninfo, out, fresh, direct_n = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
BOOK_SLOTS = 100  # S: consecutive requests book different slots (no waiting on one slot's lock)


def psql(sql, stdin=None):
    r = subprocess.run(["psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", conninfo, "-c", sql],
                       input=stdin, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("fixtures: " + r.stderr)
    return r.stdout


def token():
    t = "imd_s_" + base64.urlsafe_b64encode(os.urandom(32)).rstrip(b"=").decode()
    return t, hashlib.blake2b(t.encode(), digest_size=32).hexdigest()


def run_script(script):
    r = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", conninfo], input=script,
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("fixtures: " + r.stderr)


def session(user_id, name):
    """A session (MFA passed) for user_id; the token goes to <out>/<name>.token."""
    tok, h = token()
    psql(f"""INSERT INTO sessions (user_id, token_hash, expires_at, idle_timeout_seconds, mfa_verified)
VALUES ('{user_id}', '{h}', now() + interval '1 day', 86400, TRUE)""")
    with open(os.path.join(out, name + ".token"), "w") as f:
        f.write(tok + "\n")


def scopes_sql(roles):
    """The patient scopes the server computes from the roles (ComputeScopes,
    PatientScopes::ToSql in src/core/principal.hpp): the $2 of care_row_visible."""
    names = [("all", {"admin"}), ("own", {"patient"}), ("provider", {"provider_staff"}),
             ("assigned", {"medical", "care_coordinator"})]
    return ",".join(n for n, rs in names if rs & set(roles)) or "none"


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
run_script(script)
os.remove(data)
with open(os.path.join(out, "create_tokens.txt"), "w") as f:
    f.writelines(t + "\n" for t in api)

# GET /consultations: a provider staff member (active, no other role) of the
# provider with the most live consultations; their scope ('provider') reaches
# every consultation of that provider.
row = psql("""
SELECT m.user_id, count(*) FROM provider_members m
JOIN users u ON u.id = m.user_id AND u.status = 'active' AND u.deleted IS NOT TRUE
JOIN consultations c ON c.provider_id = m.provider_id AND c.deleted IS NOT TRUE
WHERE (SELECT array_agg(role) FROM user_roles ur WHERE ur.user_id = m.user_id) = '{provider_staff}'
GROUP BY m.user_id ORDER BY 2 DESC, 1 LIMIT 1""").strip()
if not row:
    sys.exit("fixtures: no provider staff member of a provider with consultations")
staff, staff_reach = row.split("|")
session(staff, "staff")

# POST /bookings: an administrator (bookings.write, scope 'all': care_row_visible
# is true for every patient); the active provider with the most bookings and
# its active procedure with the most bookings; S open slots of that procedure
# on S distinct future dates (09:00-10:00 at the clinic), each with room for
# every booking a run can make on it; P patients (user, user profile, role,
# patient profile) with the numbered ids above.
booker = str(uuid.uuid4())
run_script(f"""INSERT INTO users (id, email, user_type, status, email_verified)
  VALUES ('{booker}', 'bench-booker@book.invalid', 'admin', 'active', TRUE);
INSERT INTO user_profiles (user_id, first_name, last_name) VALUES ('{booker}', 'Bench', 'Booker');
INSERT INTO user_roles (user_id, role) VALUES ('{booker}', 'admin');""")
session(booker, "booker")
row = psql("""
SELECT b.provider_id, b.procedure_id FROM bookings b
JOIN providers p ON p.id = b.provider_id AND p.is_active AND p.deleted IS NOT TRUE
JOIN procedures pr ON pr.id = b.procedure_id AND pr.is_active IS NOT FALSE
GROUP BY 1, 2 ORDER BY count(*) DESC, 1, 2 LIMIT 1""").strip()
if not row:
    sys.exit("fixtures: no active provider with bookings")
provider, procedure = row.split("|")
book_patients = -(-direct_n // BOOK_SLOTS)
per_slot = book_patients  # request n uses slot n % S: at most ceil(N / S) bookings per slot
run_script(f"""INSERT INTO provider_availability (id, provider_id, procedure_id, date, start_time,
                                   end_time, is_available, max_bookings)
  SELECT ('00000000-0000-4000-a000-' || lpad(s::text, 12, '0'))::uuid, '{provider}', '{procedure}',
         current_date + 400 + s, '09:00', '10:00', TRUE, {per_slot}
  FROM generate_series(0, {BOOK_SLOTS - 1}) s;
CREATE TEMP TABLE bp AS
  SELECT ('00000000-0000-4000-b000-' || lpad(p::text, 12, '0'))::uuid AS user_id,
         ('00000000-0000-4000-9000-' || lpad(p::text, 12, '0'))::uuid AS profile_id, p
  FROM generate_series(0, {book_patients - 1}) p;
INSERT INTO users (id, email, user_type, status, email_verified)
  SELECT user_id, 'bench-book-' || p || '@book.invalid', 'patient', 'active', TRUE FROM bp;
INSERT INTO user_profiles (user_id, first_name, last_name) SELECT user_id, 'Bench', 'Booked' FROM bp;
INSERT INTO user_roles (user_id, role) SELECT user_id, 'patient' FROM bp;
INSERT INTO patient_profiles (id, user_id, patient_id, medical_condition)
  SELECT profile_id, user_id, next_patient_reference(), 'hair_loss' FROM bp ORDER BY p;
ANALYZE provider_availability; ANALYZE patient_profiles; ANALYZE users;""")
with open(os.path.join(out, "book.txt"), "w") as f:
    f.write(f"{BOOK_SLOTS}\n{book_patients}\n{procedure}\n")

json.dump({"clinician_id": clinician, "clinician_hash": hashlib.blake2b(tok.encode(), digest_size=32).hexdigest(),
           "patients": ", ".join(f"'{p}'" for p in patients), "npatients": str(len(patients)),
           "staff_id": staff, "staff_role": "provider_staff", "staff_scopes": scopes_sql(["provider_staff"]),
           "staff_reach": staff_reach,
           "booker_id": booker, "booker_role": "admin", "booker_scopes": scopes_sql(["admin"]),
           "book_slots": str(BOOK_SLOTS), "book_patients": str(book_patients), "procedure_id": procedure},
          open(os.path.join(out, "values.json"), "w"), indent=1)
