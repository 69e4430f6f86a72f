#pragma once
// Mention records: the stored/pushed JSON form (docs/protocol.md "Mention record") and its index columns.

#include "analyzer.hpp"
#include "common.hpp"
#include "store.hpp"

namespace earshot::server {

/// "x:@jane_d" (platform + lowercased handle), "" when the mention has no handle.
std::string author_key(const Mention& m);

/// A fresh record (status open) serialised once, each text without its closing brace and without "seq" (the commit
/// thread appends `,"seq":N}`): `event_head` is the `mention.created` form (no drafts), `full_head` the stored form.
struct RecordText {
    std::string event_head, full_head;
};
/// `mention` is analyzer.mention_to_json(m) with "id" and "triage" set.
RecordText record_text(const json& mention, const json& drafts, std::int64_t received_ms);

/// Index columns read from a record (status, assignee, triage fields).
void index_from_record(const json& record, MentionRow& row);

/// {"type":"event","seq":N,"event":name,"data":<data_text>} built by concatenation (data already serialised).
std::string event_message(std::int64_t seq, const std::string& name, const std::string& data_text);

/// Thrown by handlers and write tasks: becomes an error response.
struct ApiError : std::runtime_error {
    ApiError(http::status s, std::string c, const std::string& message)
        : std::runtime_error(message), status(s), code(std::move(c)) {}
    http::status status;
    std::string code;
};

} // namespace earshot::server
