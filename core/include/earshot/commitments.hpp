#pragma once
// Follow-through: the promises a sent reply makes ("we'll call you within 24 hours", "a refund will reach you by
// Friday"), with due times computed from the time the reply was sent (passed in; the core never reads a clock),
// so the server and the widget can show what is owed and what is overdue.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace earshot {

struct Commitment {
    std::string text;           ///< the promising sentence, as written
    std::uint32_t begin = 0;    ///< UTF-8 byte offsets of the sentence in the reply
    std::uint32_t end = 0;
    std::string kind;           ///< call | refund | replacement | delivery | fix | credit | follow_up | other
    std::string who;            ///< "we", "I", "our Billing team", "you" (what the promise is about)
    bool has_due = false;       ///< false: the promise names no time (the linter flags that)
    std::int64_t due_at_ms = 0; ///< Unix ms (UTC) when has_due
    std::string due_text;       ///< the time words ("within 24 hours", "by Friday")
};

struct CommitmentOptions {
    /// The sender's local time offset from UTC in minutes: "by Friday", "by 5pm", "tomorrow" are read in local
    /// time. "by <day>" means the end of that day (23:59:59 local); "next week" the end of next Friday.
    int utc_offset_minutes = 0;
};

/// Extracts promises from a reply sent at sent_at_ms (Unix ms). Deterministic; never reads a clock.
std::vector<Commitment> extract_commitments(std::string_view reply, std::int64_t sent_at_ms,
                                            const CommitmentOptions& options = {});

/// Finds the first concrete time expression in text ("within 2 hours", "by Friday 5pm", "tomorrow"), resolved
/// against sent_at_ms. Returns false when there is none. Spans are UTF-8 byte offsets.
bool find_due_time(std::string_view text, std::int64_t sent_at_ms, const CommitmentOptions& options,
                   std::int64_t& due_at_ms, std::uint32_t& begin, std::uint32_t& end);

} // namespace earshot
