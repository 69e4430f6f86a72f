#pragma once
// Shared aliases and small helpers for the Beast server (native only; the core never includes this).

#include <boost/asio.hpp>
#include <boost/beast.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <string>

namespace earshot::server {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using json = nlohmann::json;

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

/// Wall-clock Unix milliseconds (the server owns the clock; the core is given times as arguments).
inline std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

/// Monotonic nanoseconds, for latency measurements.
inline std::int64_t mono_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

/// Monotonic milliseconds, for rate limits.
inline std::int64_t mono_ms() { return mono_ns() / 1'000'000; }

/// ISO 8601 UTC with milliseconds ("2026-11-24T18:40:00.123Z").
std::string iso_ms(std::int64_t ms);

/// JSON dump that never throws on invalid UTF-8 (replaces it).
inline std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

/// {"error":{"code":...,"message":...}} with the given status.
Response error_response(http::status status, const std::string& code, const std::string& message, unsigned version,
                        bool keep_alive);

/// A JSON response with the given status.
Response json_response(http::status status, const std::string& body, unsigned version, bool keep_alive);

} // namespace earshot::server
