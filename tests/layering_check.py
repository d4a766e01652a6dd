#!/usr/bin/env python3
"""The layering rules the compiler cannot see.

1. No engine file (src/core, src/db, src/http, src/records, src/openapi)
   names a domain's table, column, SQL function, role or permission in its
   code: those reach the engine only through the hooks a domain declares on
   its binding (src/records/hooks.hpp). The names come from the migrations:
   every CREATE TABLE (its name and its columns), every CREATE FUNCTION, the
   roles and permissions seeded into the roles and permissions tables.
   Comments are not code and are skipped. Column names of one plain word
   ("name", "email", "status") are ordinary English and JSON members, so a
   column counts only when it has an underscore, and the engine's own
   conventions (id, deleted, created_at, updated_at) are the engine's.
   Everything is looked for in string literals (where SQL and role checks
   live): a table where SQL names one (FROM, JOIN, INTO, UPDATE, TABLE,
   REFERENCES, NULL::) or as a whole literal, so prose such as "patients,
   providers and care" is not a finding; a column or SQL function as any
   word; a role or permission as a whole literal ("admin", "users.manage").
2. No file includes another domain's generated SQL header
   ("domains/<x>/sql/…" outside src/domains/<x>); a domain that needs
   another's data calls a public function of that domain.

Exit status 0 when clean; 1 listing every finding as file:line: message.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
ENGINE = ["src/core", "src/db", "src/http", "src/records", "src/openapi"]
# Columns the engine has its own reason to name: its row conventions, the
# HTTP layer's request id (logs, problem bodies), the OpenID Connect claim.
ENGINE_CONVENTIONS = {"id", "deleted", "created_at", "updated_at", "request_id", "email_verified"}
# Known debts, each with its reason and the finding it excuses; anything else
# in these files is still a finding. core/validate/json_shapes.cpp checks the
# members of the vision's JSONB documents (travel preferences: a member named
# departure_airport, which is also a column of travel_flights since 0018);
# the shapes are to move into their domains (patients, providers).
KNOWN_DEBTS = {("src/core/validate/json_shapes.cpp", "departure_airport")}
# Where SQL names a table: after these keywords or a cast to a row type.
SQL_TABLE_CONTEXT = r"(?:\bFROM|\bJOIN|\bINTO|\bUPDATE|\bTABLE|\bREFERENCES|NULL::)\s+(?:ONLY\s+)?"


def strip_sql_comments(text):
    return re.sub(r"--[^\n]*", "", text)


def domain_names():
    tables, columns, functions, roles, permissions = set(), set(), set(), set(), set()
    for path in sorted((ROOT / "migrations").glob("*.sql")):
        sql = strip_sql_comments(path.read_text())
        for m in re.finditer(
            r"CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?([a-z_][a-z0-9_]*)\s*\((.*?)\n\);",
            sql,
            re.S | re.I,
        ):
            tables.add(m.group(1))
            for line in m.group(2).split("\n"):
                col = re.match(r"\s*([a-z_][a-z0-9_]*)\s+[A-Za-z]", line)
                if col and col.group(1).upper() not in {
                    "PRIMARY", "UNIQUE", "CHECK", "CONSTRAINT", "FOREIGN", "EXCLUDE", "LIKE",
                }:
                    columns.add(col.group(1))
        for m in re.finditer(
            r"CREATE\s+(?:OR\s+REPLACE\s+)?FUNCTION\s+([a-z_][a-z0-9_]*)\s*\(", sql, re.I
        ):
            functions.add(m.group(1))
        for m in re.finditer(r"INSERT\s+INTO\s+(roles|permissions)\s*\([^)]*\)\s*VALUES(.*?);",
                             sql, re.S | re.I):
            target = roles if m.group(1).lower() == "roles" else permissions
            for row in re.finditer(r"\(\s*'([^']+)'", m.group(2)):
                target.add(row.group(1))
    columns = {c for c in columns if "_" in c} - ENGINE_CONVENTIONS
    return tables, columns, functions, roles, permissions


def code_without_comments(text):
    """Blanks // and /* */ comments, keeping string literals and line numbers."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c == '"' or c == "'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append("\n" * text.count("\n", i, j))
            i = j
        elif text.startswith('R"(', i):
            j = text.find(')"', i)
            j = n if j < 0 else j + 2
            out.append(text[i:j])
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def string_literals(code):
    """(line, text) of every string literal of the code."""
    for m in re.finditer(r'R"\((.*?)\)"|"((?:[^"\\\n]|\\.)*)"', code, re.S):
        yield code.count("\n", 0, m.start()) + 1, m.group(1) or m.group(2) or ""


def main():
    tables, columns, functions, roles, permissions = domain_names()
    if not tables or not roles:
        print("layering_check: found no tables or roles in migrations/", file=sys.stderr)
        return 2
    findings = []
    words = {}
    for kind, names in (("column", columns), ("SQL function", functions)):
        for name in names:
            words.setdefault(name, kind)
    for path in sorted(p for d in ENGINE for p in (ROOT / d).rglob("*") if p.suffix in {
            ".cpp", ".hpp", ".h", ".sql"}):
        rel = path.relative_to(ROOT)
        text = path.read_text()
        code = strip_sql_comments(text) if path.suffix == ".sql" else code_without_comments(text)
        literals = [(1, code)] if path.suffix == ".sql" else list(string_literals(code))
        for line, lit in literals:
            for word in re.findall(r"[a-z_][a-z0-9_]*", lit):
                if word in words and (str(rel), word) not in KNOWN_DEBTS:
                    findings.append(f"{rel}:{line}: names the domain {words[word]} '{word}'")
            for m in re.finditer(SQL_TABLE_CONTEXT + r"([a-z_][a-z0-9_]*)\b", lit, re.I):
                if m.group(1) in tables:
                    findings.append(f"{rel}:{line}: names the domain table '{m.group(1)}'")
            if lit in tables:
                findings.append(f"{rel}:{line}: names the domain table '{lit}'")
            if lit in roles:
                findings.append(f"{rel}:{line}: names the role '{lit}'")
            if lit in permissions:
                findings.append(f"{rel}:{line}: names the permission '{lit}'")
    include = re.compile(r'#\s*include\s*"domains/([a-z_]+)/sql/')
    for path in sorted(p for p in (ROOT / "src").rglob("*") if p.suffix in {".cpp", ".hpp"}):
        rel = path.relative_to(ROOT)
        parts = rel.parts
        own = parts[2] if len(parts) > 2 and parts[1] == "domains" else None
        for number, line in enumerate(path.read_text().split("\n"), 1):
            m = include.search(line)
            if m and m.group(1) != own:
                findings.append(f"{rel}:{number}: includes the SQL of the domain '{m.group(1)}'")
    for f in sorted(set(findings)):
        print(f)
    print(f"layering_check: {len(tables)} tables, {len(columns)} columns, {len(functions)} "
          f"functions, {len(roles)} roles, {len(permissions)} permissions; "
          f"{len(set(findings))} finding(s)")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
