// The SQL the records engine generates, pinned in golden files: one file per
// resource and operation under tests/golden/sql/<table>/<operation>.sql, laid
// out one clause per line so that a change to a statement shows in review as
// a diff of these files. IMEDIC_UPDATE_GOLDEN=1 rewrites them (and removes
// files no statement produces any more); review the diff, then commit it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "domains/identity/profile_routes.hpp"
#include "domains/patients/bindings.hpp"
#include "domains/providers/bindings.hpp"
#include "records/list_query.hpp"
#include "records/record_sql.hpp"

namespace imedic::records {
namespace {

namespace fs = std::filesystem;

const fs::path kGoldenDir = fs::path(IMEDIC_SOURCE_DIR) / "tests" / "golden" / "sql";

bool UpdateRequested() {
  const char* v = std::getenv("IMEDIC_UPDATE_GOLDEN");
  return v != nullptr && std::string_view(v) == "1";
}

// The bindings the records routes use, taken from their domains (so a
// change to a binding's hooks or checks shows here too). `lists` are the
// list routes each table serves: "" for a whole-table list, else the parent
// column.
struct Bound {
  Binding binding;
  std::string default_sort;
  std::vector<std::string_view> lists;
};

std::vector<Bound> RouteBindings() {
  std::vector<Bound> out;
  out.push_back({patients::PatientProfileBinding(), "created_at.desc", {""}});
  out.push_back({patients::MedicalHistoryBinding(), "created_at.desc", {}});
  out.push_back({patients::HairLossProfileBinding(), "created_at.desc", {}});
  out.push_back({identity::UserProfileBinding(), "created_at.desc", {""}});
  out.push_back({providers::ProviderBinding(), "name.asc", {""}});
  out.push_back({providers::ProcedureBinding(), "name.asc", {"", "provider_id"}});
  out.push_back({providers::AvailabilityBinding(), "date.asc,start_time.asc", {"provider_id"}});
  return out;
}

const char* ArgName(Arg a) {
  switch (a) {
    case Arg::kKey: return "key";
    case Arg::kNewId: return "new_id";
    case Arg::kCaller: return "caller";
    case Arg::kScope: return "scope";
    case Arg::kRole: return "role";
    case Arg::kRequestId: return "request_id";
    case Arg::kIp: return "ip";
    case Arg::kBody: return "body";
    case Arg::kChanged: return "changed";
    case Arg::kWrappedKey: return "wrapped_key";
    case Arg::kMasterKeyId: return "master_key_id";
    case Arg::kIfMatch: return "if_match";
  }
  return "?";
}

bool StartsWithKeyword(std::string_view rest, std::string_view keyword) {
  if (!rest.starts_with(keyword)) return false;
  if (rest.size() == keyword.size()) return true;
  const char next = rest[keyword.size()];
  return next == ' ' || next == '(';
}

// One clause per line. A space becomes a line break, indented by the
// parenthesis depth, before a clause keyword at the top level or directly
// inside a CTE or derived table ("name AS (…", "FROM (…"); after a top-level
// "),"; and before each key of a json_build_object(…). Nothing inside a
// string literal moves, and only single spaces are replaced, so Unlayout
// gives the statement back exactly.
std::string Layout(std::string_view sql) {
  static constexpr std::string_view kKeywords[] = {
      "SELECT",    "FROM",      "WHERE",  "AND", "ORDER BY",   "LIMIT",
      "UNION ALL", "RETURNING", "UPDATE", "SET", "FOR UPDATE", "INSERT INTO"};
  enum class Paren { kBlock, kJson, kOther };
  std::string out;
  std::vector<Paren> parens;  // the open parentheses, innermost last
  bool in_string = false;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    const std::string_view before(out);
    if (in_string) {
      out += c;
      if (c == '\'') in_string = false;
      continue;
    }
    if (c == '\'') in_string = true;
    if (c == '(') {
      if (before.ends_with("json_build_object")) {
        parens.push_back(Paren::kJson);
      } else if (parens.empty() && (before.ends_with(" AS ") || before.ends_with("FROM "))) {
        parens.push_back(Paren::kBlock);
      } else {
        parens.push_back(Paren::kOther);
      }
    } else if (c == ')' && !parens.empty()) {
      parens.pop_back();
    }
    if (c != ' ') {
      out += c;
      continue;
    }
    const std::string_view rest = sql.substr(i + 1);
    bool clause = false;
    if ((parens.empty() || parens.back() == Paren::kBlock) && !before.ends_with("FOR") &&
        !before.ends_with("UNION ALL")) {
      for (std::string_view k : kKeywords) clause = clause || StartsWithKeyword(rest, k);
    }
    const bool after_cte = parens.empty() && before.ends_with("),");
    const bool json_key = !parens.empty() && parens.back() == Paren::kJson &&
                          rest.starts_with("'") && before.ends_with(",");
    if (clause || after_cte || json_key) {
      out += "\n" + std::string(2 * parens.size(), ' ');
    } else {
      out += ' ';
    }
  }
  return out;
}

// The placeholders named after what they stand for ($1 → $key), so the
// files say what is bound where, whatever order the builder numbered them in.
std::string NamePlaceholders(std::string_view sql, const std::vector<Arg>& args) {
  std::string out;
  bool in_string = false;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (c == '\'') in_string = !in_string;
    std::size_t end = i + 1;
    while (!in_string && c == '$' && end < sql.size() &&
           std::isdigit(static_cast<unsigned char>(sql[end]))) {
      ++end;
    }
    if (end == i + 1) {
      out += c;
      continue;
    }
    const std::size_t n = std::stoul(std::string(sql.substr(i + 1, end - i - 1)));
    EXPECT_TRUE(n >= 1 && n <= args.size()) << "$" << n << " has no argument";
    out += "$" + std::string(n >= 1 && n <= args.size() ? ArgName(args[n - 1]) : "unbound");
    i = end - 1;
  }
  return out;
}

std::string Unlayout(std::string_view laid_out) {
  std::string out;
  for (std::size_t i = 0; i < laid_out.size(); ++i) {
    if (laid_out[i] != '\n') {
      out += laid_out[i];
      continue;
    }
    out += ' ';
    while (i + 1 < laid_out.size() && laid_out[i + 1] == ' ') ++i;
  }
  return out;
}

// A golden file's text: what the statement is, the parameters it takes,
// then the statement laid out. (The parameters are listed in Arg's order:
// the builder numbers them as it meets them, and the operands of a chain of
// std::string + are evaluated in an order the compiler chooses.)
std::string GoldenText(std::string_view name, const std::vector<Arg>& args, std::string_view sql) {
  // The layout only moves whitespace: the file holds the statement exactly.
  EXPECT_EQ(Unlayout(Layout(sql)), sql) << name;
  std::string text = "-- " + std::string(name) + "\n-- parameters:";
  if (args.empty()) text += " none";
  std::vector<Arg> sorted = args;
  std::sort(sorted.begin(), sorted.end());
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    text += std::string(i == 0 ? " " : ", ") + ArgName(sorted[i]);
  }
  return text + "\n" + Layout(NamePlaceholders(sql, args)) + "\n";
}

// Every generated statement, by its golden file path (relative to kGoldenDir).
std::map<std::string, std::string> Generate() {
  std::map<std::string, std::string> files;
  for (const Bound& b : RouteBindings()) {
    const std::string table(b.binding.resource->table);
    const RecordStatements s = BuildStatements(b.binding);
    for (const Statement* st :
         {&s.read, &s.create, &s.patch, &s.remove, &s.restore, &s.write_key}) {
      if (st->text.empty()) continue;  // e.g. no write_key without encrypted patient data
      const std::string op = st->name.substr(st->name.rfind('.') + 1);
      files[table + "/" + op + ".sql"] = GoldenText(st->name, st->args, st->text);
    }
    if (b.binding.audit_reads) {
      // The read as the server runs it with a read-audit batcher (the default).
      records::Binding deferred = b.binding;
      deferred.defer_read_audit = true;
      const Statement read = BuildStatements(deferred).read;
      files[table + "/read_deferred_audit.sql"] = GoldenText(read.name, read.args, read.text);
    }
    const records::ListSpec spec = ListSpecFor(*b.binding.resource, b.default_sort);
    for (std::string_view parent : b.lists) {
      const std::vector<Arg> args = ListArgs(b.binding, !parent.empty());
      // The first page in the default order; filters and cursors are
      // http/list_query's (tested there) and only append conditions.
      auto q = records::ParseListQuery({}, spec, static_cast<int>(args.size()) + 1);
      EXPECT_TRUE(q) << table;
      if (!q) continue;
      const std::string suffix = parent.empty() ? "" : "_by_" + std::string(parent);
      files[table + "/list" + suffix + ".sql"] = GoldenText("list of " + table + suffix, args,
                                                            ListSql(b.binding, *q, parent));
      files[table + "/count" + suffix + ".sql"] = GoldenText("count of " + table + suffix, args,
                                                             MatchSql(b.binding, *q, parent));
    }
  }
  return files;
}

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::set<std::string> GoldenFilesOnDisk() {
  std::set<std::string> out;
  std::error_code ec;
  if (!fs::exists(kGoldenDir, ec)) return out;
  for (const auto& e : fs::recursive_directory_iterator(kGoldenDir, ec)) {
    if (e.is_regular_file()) out.insert(fs::relative(e.path(), kGoldenDir).generic_string());
  }
  return out;
}

TEST(RecordSqlLayout, IsUndoneExactly) {
  const std::string sql =
      "WITH r AS (SELECT t.* FROM x t WHERE t.id = $1::uuid AND (t.a = 'it''s AND' OR TRUE)), "
      "audit AS (INSERT INTO log (a) SELECT 1 FROM r) SELECT json_build_object('id', r.id, "
      "'name', r.name)::text FROM r UNION ALL SELECT NULL FROM r ORDER BY 1 LIMIT 2";
  const std::string laid_out = Layout(sql);
  EXPECT_EQ(Unlayout(laid_out), sql);
  EXPECT_EQ(laid_out,
            "WITH r AS (SELECT t.*\n"
            "  FROM x t\n"
            "  WHERE t.id = $1::uuid\n"
            "  AND (t.a = 'it''s AND' OR TRUE)),\n"
            "audit AS (INSERT INTO log (a)\n"
            "  SELECT 1\n"
            "  FROM r)\n"
            "SELECT json_build_object('id', r.id,\n"
            "  'name', r.name)::text\n"
            "FROM r\n"
            "UNION ALL SELECT NULL\n"
            "FROM r\n"
            "ORDER BY 1\n"
            "LIMIT 2");
}

TEST(RecordSqlGolden, EveryStatementMatchesItsGoldenFile) {
  const std::map<std::string, std::string> generated = Generate();
  ASSERT_FALSE(generated.empty());
  const std::set<std::string> on_disk = GoldenFilesOnDisk();
  if (UpdateRequested()) {
    for (const std::string& stale : on_disk) {
      if (!generated.contains(stale)) fs::remove(kGoldenDir / stale);
    }
    for (const auto& [path, text] : generated) {
      fs::create_directories((kGoldenDir / path).parent_path());
      std::ofstream(kGoldenDir / path, std::ios::binary | std::ios::trunc) << text;
    }
    std::cout << "rewrote " << generated.size() << " golden files under " << kGoldenDir << "\n";
    return;
  }
  for (const auto& [path, text] : generated) {
    EXPECT_TRUE(on_disk.contains(path))
        << "no golden file " << path << " (run with IMEDIC_UPDATE_GOLDEN=1)";
    if (!on_disk.contains(path)) continue;
    EXPECT_EQ(ReadAll(kGoldenDir / path), text)
        << "the statement of " << path << " changed; if intended, run with "
        << "IMEDIC_UPDATE_GOLDEN=1 and commit the diff";
  }
  for (const std::string& file : on_disk) {
    EXPECT_TRUE(generated.contains(file))
        << file << " is produced by no statement any more (IMEDIC_UPDATE_GOLDEN=1 removes it)";
  }
}

}  // namespace
}  // namespace imedic::records
