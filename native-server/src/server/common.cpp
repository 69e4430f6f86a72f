#include "common.hpp"

#include <cstdio>
#include <ctime>

namespace earshot::server {

std::string iso_ms(std::int64_t ms) {
    std::time_t secs = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
    return buf;
}

Response json_response(http::status status, const std::string& body, unsigned version, bool keep_alive) {
    Response res{status, version};
    res.set(http::field::server, "earshot");
    res.set(http::field::content_type, "application/json");
    res.set(http::field::cache_control, "no-store");
    res.keep_alive(keep_alive);
    res.body() = body;
    res.prepare_payload();
    return res;
}

Response error_response(http::status status, const std::string& code, const std::string& message, unsigned version,
                        bool keep_alive) {
    json j = {{"error", {{"code", code}, {"message", message}}}};
    return json_response(status, dump(j), version, keep_alive);
}

} // namespace earshot::server
