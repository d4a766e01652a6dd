#include "http/server.hpp"

// Standard headers first: Boost 1.74 Asio needs <utility> included before it (GCC 12).
#include <array>
#include <atomic>
#include <cctype>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <limits>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "core/log.hpp"
#include "core/metrics.hpp"
#include "core/random.hpp"
#include "http/dispatcher.hpp"
#include "http/error_mapper.hpp"

namespace imedic::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using asio::awaitable;
using asio::use_awaitable;

namespace {

using BeastRequest = bhttp::request<bhttp::string_body>;

// Accepts a client's X-Request-Id when it is short and plain; otherwise
// makes one, so log lines never carry arbitrary client text.
std::string RequestIdFor(const BeastRequest& req) {
  auto it = req.find("x-request-id");
  if (it != req.end()) {
    std::string_view v(it->value().data(), it->value().size());
    bool ok = !v.empty() && v.size() <= 64;
    for (char c : v) {
      ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.');
    }
    if (ok) return std::string(v);
  }
  return core::RandomHex(8);
}

Request ToRequest(BeastRequest&& req, const std::string& remote) {
  Request out;
  out.method = std::string(req.method_string());
  out.target = std::string(req.target());
  auto q = out.target.find('?');
  out.path = out.target.substr(0, q);
  if (q != std::string::npos) out.query = out.target.substr(q + 1);
  out.headers.reserve(8);
  for (const auto& field : req) {
    std::string name(field.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  out.request_id = RequestIdFor(req);
  out.body = std::move(req.body());
  out.remote_address = remote;
  return out;
}

// The Date header's IMF-fixdate (RFC 9110, 5.6.7), e.g. "Sun, 06 Nov 1994
// 08:49:37 GMT": written by hand, as strftime's names follow the locale.
std::string HttpDate(std::time_t now) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::tm t{};
  gmtime_r(&now, &t);
  char out[32];
  std::snprintf(out, sizeof out, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[t.tm_wday % 7],
                t.tm_mday, kMonths[t.tm_mon % 12], t.tm_year + 1900, t.tm_hour, t.tm_min, t.tm_sec);
  return out;
}

// `head`: the answer to a HEAD request, its headers (Content-Length
// included) as GET would send them, without the body.
bhttp::response<bhttp::string_body> ToBeast(Response&& r, unsigned version, bool keep_alive,
                                            bool head = false) {
  bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(r.status), version};
  if (r.status != 304) res.set(bhttp::field::content_type, r.content_type);
  for (auto& [name, value] : r.headers) res.set(name, value);
  res.set(bhttp::field::date, HttpDate(std::time(nullptr)));
  res.keep_alive(keep_alive);
  res.body() = std::move(r.body);
  res.prepare_payload();
  if (head) res.body().clear();  // Content-Length stays the GET body's
  return res;
}

// What went wrong while reading a request, as an answer, or nothing when
// the connection should simply close (peer gone, idle, socket error).
std::optional<core::ErrorCode> ReadErrorAnswer(const beast::error_code& ec) {
  if (ec == beast::error::timeout) return core::ErrorCode::kTimeout;
  if (ec == bhttp::error::body_limit) return core::ErrorCode::kPayloadTooLarge;
  if (ec == bhttp::error::header_limit) return core::ErrorCode::kHeadersTooLarge;
  if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) return {};
  if (ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category()) {
    return core::ErrorCode::kMalformed;
  }
  return {};
}

const char* ReadErrorMessage(core::ErrorCode code) {
  switch (code) {
    case core::ErrorCode::kTimeout: return "the request was not received in time";
    case core::ErrorCode::kPayloadTooLarge: return "the request body is over the size limit";
    case core::ErrorCode::kHeadersTooLarge: return "the request headers are over the size limit";
    default: return "the request could not be parsed as HTTP/1.1";
  }
}

}  // namespace

// One client connection. Lives on its own strand; the registry keeps a
// reference so a shutdown can close it while it waits between requests.
//
// Deadlines use our own timer that only cancels the pending operation
// (Beast's tcp_stream closes the socket on expiry, which would leave no way
// to answer 408).
struct SessionState : std::enable_shared_from_this<SessionState> {
  explicit SessionState(tcp::socket s) : socket(std::move(s)), timer(socket.get_executor()) {}

  // Cancels whatever the session is waiting for when `d` passes.
  void ArmDeadline(std::chrono::milliseconds d) {
    timed_out = false;
    timer.expires_after(d);
    timer.async_wait([self = shared_from_this()](const beast::error_code& ec) {
      if (ec) return;  // re-armed or disarmed
      self->timed_out = true;
      beast::error_code ignored;
      self->socket.cancel(ignored);
    });
  }
  void Disarm() { timer.cancel(); }

  tcp::socket socket;
  asio::steady_timer timer;
  beast::flat_buffer buffer;
  bool idle = true;        // touched only on the session's strand
  bool timed_out = false;  // touched only on the session's strand
};

struct Server::Impl {
  Impl(ServerOptions o, const Router& r, Authenticator* a, HttpPolicy p)
      : options(std::move(o)),
        dispatcher(r, a, std::move(p)),
        ioc(std::max(1, options.io_threads)),
        workers(static_cast<std::size_t>(std::max(1, options.worker_threads))),
        acceptor(ioc),
        signals(ioc),
        clock(options.clock != nullptr ? *options.clock : core::SystemClockInstance()),
        max_pending(options.max_pending > 0 ? options.max_pending
                                            : 8 * std::max(1, options.worker_threads)) {}

  ServerOptions options;
  Dispatcher dispatcher;
  asio::io_context ioc;
  asio::thread_pool workers;
  tcp::acceptor acceptor;
  asio::signal_set signals;
  std::atomic<bool> stopping{false};
  std::atomic<int> active{0};
  std::atomic<int> pending{0};  // requests handed to the workers, not yet answered
  const core::Clock& clock;     // times the queue
  const int max_pending;
  std::mutex sessions_mu;
  std::set<std::shared_ptr<SessionState>> sessions;  // guarded by sessions_mu

  awaitable<void> AcceptLoop();
  awaitable<void> Session(std::shared_ptr<SessionState> s);
  awaitable<void> WriteProblemAndClose(SessionState& s, const Request& req_for_log,
                                       core::ErrorCode code);
  awaitable<void> DrainWatch();
  static Response Overloaded(const Request& req);
  void BeginShutdown();
  template <typename Fn>
  void ForEachSession(Fn fn);
};

template <typename Fn>
void Server::Impl::ForEachSession(Fn fn) {
  std::lock_guard lock(sessions_mu);
  for (const auto& s : sessions) {
    asio::post(s->socket.get_executor(), [s, fn] { fn(*s); });
  }
}

awaitable<void> Server::Impl::AcceptLoop() {
  for (;;) {
    tcp::socket socket(asio::make_strand(ioc));
    beast::error_code ec;
    co_await acceptor.async_accept(socket, asio::redirect_error(use_awaitable, ec));
    if (stopping) co_return;
    if (ec) {
      // Out of file descriptors and the like: back off briefly, keep serving.
      core::log::Warn("accept_failed").Str("error", ec.message()).Emit();
      asio::steady_timer t(ioc, std::chrono::milliseconds(50));
      co_await t.async_wait(asio::redirect_error(use_awaitable, ec));
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    auto state = std::make_shared<SessionState>(std::move(socket));
    {
      std::lock_guard lock(sessions_mu);
      sessions.insert(state);
    }
    ++active;
    auto ex = state->socket.get_executor();
    asio::co_spawn(ex, Session(state), asio::detached);
  }
}

// 503 + Retry-After, logged like any answer. Built without touching the
// database or the workers: it has to stay cheap when everything else is busy.
Response Server::Impl::Overloaded(const Request& req) {
  core::Error e(core::ErrorCode::kUnavailable, "the server is at capacity: try again shortly");
  e.retry_after_seconds = 1;
  core::metrics::CountShed();
  Response r = ProblemResponse(e, req.path, req.request_id);
  Dispatcher::AddStandardHeaders(r, req.request_id);
  Dispatcher::LogAccess(req, "-", r.status, 0.0);
  return r;
}

awaitable<void> Server::Impl::WriteProblemAndClose(SessionState& s, const Request& req,
                                                   core::ErrorCode code) {
  Response r = ProblemResponse(core::Error{code, ReadErrorMessage(code), {}, {}}, req.path,
                               req.request_id);
  Dispatcher::AddStandardHeaders(r, req.request_id);
  Dispatcher::LogAccess(req, "-", r.status, 0.0);
  auto res = ToBeast(std::move(r), 11, false);
  beast::error_code ec;
  s.ArmDeadline(options.read_timeout);
  co_await bhttp::async_write(s.socket, res, asio::redirect_error(use_awaitable, ec));
  // Lingering close: stop sending, then read and drop what the client is
  // still sending for a moment, so our answer is not lost to a TCP reset.
  s.socket.shutdown(tcp::socket::shutdown_send, ec);
  std::array<char, 8192> sink{};
  s.ArmDeadline(std::chrono::milliseconds(500));
  for (std::size_t drained = 0; !ec && drained < (1u << 20);) {
    drained += co_await s.socket.async_read_some(asio::buffer(sink),
                                                 asio::redirect_error(use_awaitable, ec));
  }
  s.Disarm();
}

awaitable<void> Server::Impl::Session(std::shared_ptr<SessionState> s) {
  beast::error_code ec;
  std::string remote;
  if (auto ep = s->socket.remote_endpoint(ec); !ec) remote = ep.address().to_string();

  for (;;) {
    if (s->buffer.size() == 0) {
      // Between requests: wait for the first byte of the next one. A
      // shutdown closes connections that are waiting here.
      s->idle = true;
      if (stopping) break;
      s->ArmDeadline(options.idle_timeout);
      std::size_t n = co_await s->socket.async_read_some(s->buffer.prepare(4096),
                                                         asio::redirect_error(use_awaitable, ec));
      s->idle = false;
      if (ec) break;
      s->buffer.commit(n);
    }

    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
    // The body limit depends on the route (uploads take more), so the header
    // is read first with no limit, then the route's limit is applied: to the
    // declared Content-Length at once, and to a chunked body as it arrives.
    // (Not boost::none: Beast 1.74 compares the Content-Length with the
    // optional limit, and any length is "greater" than an empty optional.)
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());
    s->ArmDeadline(options.read_timeout);  // the whole request, against slow senders
    co_await bhttp::async_read_header(s->socket, s->buffer, parser,
                                      asio::redirect_error(use_awaitable, ec));
    // The request is matched once, here: its route gives the body limit and
    // how it is scheduled, and the dispatcher runs it without matching again.
    RouteMatch match;
    if (!ec) {
      const auto target = parser.get().target();
      match = dispatcher.Match(
          std::string_view(parser.get().method_string().data(),
                           parser.get().method_string().size()),
          std::string_view(target.data(), target.size()).substr(0, target.find('?')));
    }
    if (!ec && !parser.is_done()) {
      const std::size_t limit = match.BodyLimit(options.max_body_bytes);
      if (parser.content_length() && *parser.content_length() > limit) {
        ec = bhttp::error::body_limit;
      } else {
        parser.body_limit(static_cast<std::uint64_t>(limit));
        // Clients such as curl wait (a second) for this before sending a large body.
        if (beast::iequals(parser.get()[bhttp::field::expect], "100-continue")) {
          bhttp::response<bhttp::empty_body> go_on{bhttp::status::continue_,
                                                   parser.get().version()};
          co_await bhttp::async_write(s->socket, go_on, asio::redirect_error(use_awaitable, ec));
        }
        if (!ec) {
          co_await bhttp::async_read(s->socket, s->buffer, parser,
                                     asio::redirect_error(use_awaitable, ec));
        }
      }
    }
    s->Disarm();
    if (ec) {
      if (s->timed_out) ec = beast::error::timeout;
      if (auto code = ReadErrorAnswer(ec)) {
        Request partial;
        partial.request_id = core::RandomHex(8);
        if (parser.is_header_done()) {
          partial.method = std::string(parser.get().method_string());
          partial.path =
              std::string(parser.get().target().substr(0, parser.get().target().find('?')));
        }
        co_await WriteProblemAndClose(*s, partial, *code);
      }
      break;
    }

    BeastRequest beast_req = parser.release();
    const unsigned version = beast_req.version();
    bool keep_alive = beast_req.keep_alive();
    Request req = ToRequest(std::move(beast_req), remote);

    // The handler runs on the worker pool; this coroutine resumes on its
    // strand when it is done. Past the backlog limit it is not queued at all.
    Response response;
    const Shedding shedding = match.shedding();
    const bool exempt = shedding != Shedding::kShed;
    // Read before `pending` counts the request, so whoever sees the count
    // (Server::pending) knows the wait is already being timed.
    const auto queued_at = clock.Now();
    if (shedding == Shedding::kIoThread) {
      // Liveness touches nothing: answered here, so a node whose workers are
      // all busy still says it is alive.
      response = dispatcher.Handle(req, std::move(match));
    } else if (!exempt && pending.fetch_add(1) >= max_pending) {
      --pending;
      response = Overloaded(req);
    } else {
      response = co_await asio::co_spawn(
          workers.get_executor(),
          [this, &req, &match, queued_at, exempt]() -> awaitable<Response> {
            struct Done {
              std::atomic<int>& n;
              bool counted;
              ~Done() {
                if (counted) --n;
              }
            } done{pending, !exempt};
            if (!exempt && clock.Now() - queued_at > options.queue_timeout) {
              co_return Overloaded(req);  // waited too long: its client may be gone already
            }
            co_return dispatcher.Handle(req, std::move(match));
          },
          use_awaitable);
    }

    keep_alive = keep_alive && !stopping;
    auto res = ToBeast(std::move(response), version, keep_alive, req.method == "HEAD");
    s->ArmDeadline(options.read_timeout);  // a client that does not read cannot hold us
    co_await bhttp::async_write(s->socket, res, asio::redirect_error(use_awaitable, ec));
    s->Disarm();
    if (ec || !keep_alive) break;
  }

  s->Disarm();
  s->socket.shutdown(tcp::socket::shutdown_send, ec);
  s->socket.close(ec);
  {
    std::lock_guard lock(sessions_mu);
    sessions.erase(s);
  }
  --active;
}

void Server::Impl::BeginShutdown() {
  if (stopping.exchange(true)) return;
  core::log::Info("shutdown_started").Int("open_connections", active.load()).Emit();
  beast::error_code ec;
  acceptor.close(ec);
  signals.cancel(ec);
  // Connections waiting for a next request are closed now; the others finish
  // the request they are in and then close (keep-alive is off from here).
  ForEachSession([](SessionState& s) {
    beast::error_code ignored;
    if (s.idle) s.socket.cancel(ignored);
  });
  asio::co_spawn(ioc, DrainWatch(), asio::detached);
}

awaitable<void> Server::Impl::DrainWatch() {
  const auto deadline = std::chrono::steady_clock::now() + options.shutdown_grace;
  asio::steady_timer timer(ioc);
  beast::error_code ec;
  while (active > 0 && std::chrono::steady_clock::now() < deadline) {
    timer.expires_after(std::chrono::milliseconds(20));
    co_await timer.async_wait(asio::redirect_error(use_awaitable, ec));
    // A connection that became idle after its last answer is closed too.
    ForEachSession([](SessionState& s) {
      beast::error_code ignored;
      if (s.idle) s.socket.cancel(ignored);
    });
  }
  if (active > 0) {
    core::log::Warn("shutdown_grace_expired").Int("open_connections", active.load()).Emit();
    ForEachSession([](SessionState& s) {
      beast::error_code ignored;
      s.socket.close(ignored);
    });
  }
}

Server::Server(ServerOptions options, const Router& router, Authenticator* authenticator,
               HttpPolicy policy)
    : impl_(std::make_unique<Impl>(std::move(options), router, authenticator, std::move(policy))) {}

Server::~Server() { impl_->workers.join(); }

int Server::Listen() {
  auto& acc = impl_->acceptor;
  beast::error_code ec;
  auto address = asio::ip::make_address(impl_->options.host, ec);
  if (ec) throw std::runtime_error("IMEDIC_HOST is not an IP address: " + impl_->options.host);
  tcp::endpoint endpoint(address, static_cast<unsigned short>(impl_->options.port));
  acc.open(endpoint.protocol());
  acc.set_option(asio::socket_base::reuse_address(true));
  acc.bind(endpoint, ec);
  if (ec) {
    throw std::runtime_error("cannot listen on " + impl_->options.host + ":" +
                             std::to_string(impl_->options.port) + ": " + ec.message());
  }
  acc.listen(asio::socket_base::max_listen_connections);
  return acc.local_endpoint().port();
}

void Server::Run() {
  Impl& im = *impl_;
  if (im.options.handle_signals) {
    im.signals.add(SIGINT);
    im.signals.add(SIGTERM);
    im.signals.async_wait([&im](const beast::error_code& ec, int) {
      if (!ec) im.BeginShutdown();
    });
  }
  asio::co_spawn(im.ioc, im.AcceptLoop(), asio::detached);
  std::vector<std::thread> threads;
  for (int i = 1; i < im.options.io_threads; ++i) threads.emplace_back([&im] { im.ioc.run(); });
  im.ioc.run();
  for (auto& t : threads) t.join();
  im.workers.join();
  core::log::Info("shutdown_complete").Emit();
}

int Server::pending() const { return impl_->pending.load(); }

void Server::Stop() {
  asio::post(impl_->ioc, [im = impl_.get()] { im->BeginShutdown(); });
}

}  // namespace imedic::http
