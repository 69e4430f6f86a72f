#pragma once
// A public mention of the company: a tweet, a review, a comment, a forum post, an e-mail.

#include <cstdint>
#include <string>

namespace earshot {

struct Author {
    std::string handle;          ///< "@jane_d" (may be empty)
    std::string name;            ///< display name (may be empty)
    std::int64_t followers = 0;  ///< audience size; drives the high_reach signal
};

struct Mention {
    std::string id;                 ///< caller's id (the server assigns one when empty)
    std::string platform = "x";     ///< x, facebook, instagram, review, forum, email, ...
    Author author;
    std::string text;               ///< required, UTF-8
    std::string created_at;         ///< ISO 8601 as given ("2026-11-24T18:40:00Z"); may be empty
    std::int64_t created_at_ms = 0; ///< created_at parsed to Unix milliseconds (0 when absent)
    std::string url;                ///< optional link to the post
    std::string in_reply_to;        ///< optional id of the mention this one answers
    std::string lang;               ///< optional BCP 47 language tag
};

/// Parses an ISO 8601 timestamp ("2026-11-24T18:40:00Z", "...+01:00", "...T18:40:00.123Z", "2026-11-24") to Unix
/// milliseconds. Returns false (and leaves out untouched) when the text is not a valid timestamp.
bool parse_iso8601(const std::string& text, std::int64_t& out_ms);

/// Formats Unix milliseconds as "YYYY-MM-DDTHH:MM:SSZ" (UTC).
std::string format_iso8601(std::int64_t ms);

} // namespace earshot
