// earshot report: reads mentions (NDJSON), finds spikes and incidents, and prints the process report; --json and
// --html write it to files.

#include "command.hpp"

#include "../common/files.hpp"
#include "report_render.hpp"

#include "earshot/default_models.hpp"
#include "earshot/insights.hpp"
#include "earshot/insights_triage.hpp"
#include "earshot/mention.hpp"
#include "earshot/triage.hpp"
#include "earshot/wire/insights_json.hpp"
#include "earshot/wire/mention_json.hpp"
#include "earshot/wire/playbook_json.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <unordered_map>
#include <unistd.h>
#include <vector>

namespace earshot::cli {
namespace {

/// A progress bar on stderr, drawn only when stderr is a terminal.
class Progress {
public:
    Progress(std::string label, std::uint64_t total) : label_(std::move(label)), total_(total), tty_(isatty(2) == 1) {}
    void update(std::uint64_t done) {
        if (!tty_ || total_ == 0) return;
        const auto now = std::chrono::steady_clock::now();
        if (now - last_ < std::chrono::milliseconds(100) && done < total_) return;
        last_ = now;
        const int width = 30;
        const double f = std::min(1.0, static_cast<double>(done) / static_cast<double>(total_));
        const int fill = static_cast<int>(f * width);
        std::fprintf(stderr, "\r%-10s [%s%s] %3d%%", label_.c_str(), std::string(static_cast<std::size_t>(fill), '#').c_str(),
                     std::string(static_cast<std::size_t>(width - fill), ' ').c_str(), static_cast<int>(f * 100));
        std::fflush(stderr);
        drawn_ = true;
    }
    void finish() {
        if (drawn_) {
            update(total_);
            std::fprintf(stderr, "\n");
        }
    }

private:
    std::string label_;
    std::uint64_t total_;
    bool tty_;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point last_{};
};

struct Options {
    std::string file;
    std::string playbook;
    std::string json_out, html_out;
    std::string now;
    int bucket_minutes = 60;
    std::size_t top = 10;
    std::vector<std::string> brand_handles;
};

std::string lower(std::string s) {
    for (auto& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}


void write_file(const std::string& path, const std::string& content) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw CliError("cannot write " + path);
    out << content;
    if (!out) throw CliError("cannot write " + path);
}

int run_report(const Options& opt) {
    std::ifstream in(opt.file, std::ios::binary);
    if (!in) throw CliError("cannot open " + opt.file);
    in.seekg(0, std::ios::end);
    const auto size = static_cast<std::uint64_t>(std::max<std::streamoff>(in.tellg(), 0));
    in.seekg(0);

    Playbook playbook = io::load_playbook(opt.playbook);
    std::vector<std::string> brand;
    for (const auto& h : opt.brand_handles) brand.push_back(lower(h));
    for (const auto& h : playbook.brand.handles) brand.push_back(lower(h));
    std::unique_ptr<Triager> triager; // built on the first line that needs it
    std::unordered_map<std::string, int> contacts_by_author;
    std::size_t triaged = 0;

    // Read and validate everything first: a bad line changes nothing and names itself.
    struct Reply {
        std::string to;
        std::int64_t at;
    };
    std::vector<insights::MentionFacts> mentions;
    std::vector<Reply> replies;
    Progress reading("reading", size);
    std::string line;
    std::uint64_t bytes = 0, lineno = 0;
    while (std::getline(in, line)) {
        ++lineno;
        bytes += line.size() + 1;
        reading.update(bytes);
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        auto j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_discarded()) throw CliError(opt.file + ":" + std::to_string(lineno) + ": not valid JSON");
        const std::string where = opt.file + ":" + std::to_string(lineno) + ": ";
        insights::MentionFacts f;
        std::string err;
        const bool has_triage = j.is_object() && (j.contains("triage") || j.contains("category"));
        if (!j.is_object()) throw CliError(where + "a mention must be a JSON object");
        const bool from_brand = (j.contains("from_brand") && j["from_brand"].is_boolean() && j["from_brand"].get<bool>()) ||
                                (j.contains("author") && j["author"].is_object() && j["author"].contains("handle") &&
                                 j["author"]["handle"].is_string() &&
                                 std::find(brand.begin(), brand.end(), lower(j["author"]["handle"].get<std::string>())) != brand.end());
        if (has_triage || (from_brand && j.contains("in_reply_to"))) {
            if (!wire::mention_facts_from_json(j, f, err)) throw CliError(where + err);
        } else {
            // No triage on the line: triage it now with the playbook.
            Mention m;
            if (!wire::mention_from_json(j, m, err)) throw CliError(where + err);
            if (!triager) triager = std::make_unique<Triager>(playbook, default_triage_models());
            TriageContext ctx;
            ctx.now_ms = m.created_at_ms;
            if (!m.author.handle.empty()) ctx.prior_contacts = contacts_by_author[lower(m.author.handle)]++;
            f = insights::facts_from_triage(m, triager->triage(m, ctx));
            ++triaged;
            if (j.contains("replied_at") && j["replied_at"].is_string() && !parse_iso8601(j["replied_at"].get<std::string>(), f.replied_at_ms))
                throw CliError(where + "\"replied_at\" is not an ISO 8601 timestamp");
        }
        if (f.at_ms == 0) throw CliError(where + "created_at is required (the report is about time)");
        if (f.id.empty()) f.id = "line-" + std::to_string(lineno);
        // A reply from the brand: counts as the first reply to the mention it answers, not as a mention.
        if (from_brand && j.contains("in_reply_to") && j["in_reply_to"].is_string()) {
            replies.push_back({j["in_reply_to"].get<std::string>(), f.at_ms});
            continue;
        }
        mentions.push_back(std::move(f));
    }
    reading.finish();
    (void)triaged;
    if (mentions.empty()) throw CliError(opt.file + ": no mentions");
    std::stable_sort(mentions.begin(), mentions.end(),
                     [](const insights::MentionFacts& a, const insights::MentionFacts& b) { return a.at_ms < b.at_ms; });

    insights::InsightsConfig cfg;
    cfg.aggregates.bucket_ms = static_cast<std::int64_t>(opt.bucket_minutes) * 60'000;
    insights::Insights ins(cfg);
    Progress analysing("analysing", mentions.size());
    std::uint64_t done = 0;
    for (const auto& m : mentions) {
        try {
            ins.observe(m);
        } catch (const std::invalid_argument& e) {
            throw CliError(opt.file + ": " + e.what());
        }
        analysing.update(++done);
    }
    analysing.finish();
    for (const auto& r : replies) ins.record_reply(r.to, r.at);

    std::int64_t now = mentions.back().at_ms;
    if (!opt.now.empty() && !parse_iso8601(opt.now, now)) throw CliError("--now: not an ISO 8601 timestamp: " + opt.now);
    insights::ReportOptions ro;
    ro.top = opt.top;
    const auto report = ins.report(now, ro);
    const auto j = wire::report_to_json(report, ins.incidents());
    std::string name = opt.file;
    if (auto slash = name.find_last_of('/'); slash != std::string::npos) name = name.substr(slash + 1);
    if (!opt.json_out.empty()) write_file(opt.json_out, j.dump(2) + "\n");
    if (!opt.html_out.empty()) write_file(opt.html_out, render_report_html(j, name));
    std::cout << render_report_text(j, name);
    return 0;
}

const CommandRegistrar reg{40, [](CLI::App& app) {
    auto* cmd = app.add_subcommand("report", "Process report: top issues, incidents, trends, reply times, repeat contacts");
    auto opt = std::make_shared<Options>();
    cmd->add_option("file", opt->file, "Mentions as NDJSON (one JSON object per line), with or without triage")
        ->required()
        ->check(CLI::ExistingFile);
    cmd->add_option("--playbook", opt->playbook, "Playbook for on-the-fly triage and brand handles");
    cmd->add_option("--json", opt->json_out, "Also write the report as JSON (with an \"incidents\" array) to this file");
    cmd->add_option("--html", opt->html_out, "Also write a self-contained HTML page with charts to this file");
    cmd->add_option("--now", opt->now, "Report time (ISO 8601; default: the last mention) for pending deadlines");
    cmd->add_option("--bucket-minutes", opt->bucket_minutes, "Time-series bucket in minutes (default 60)")
        ->check(CLI::Range(1, 7 * 24 * 60));
    cmd->add_option("--top", opt->top, "Rows in the top-issue tables (default 10)")->check(CLI::Range(1, 1000));
    cmd->add_option("--brand-handle", opt->brand_handles,
                    "The company's own handle(s): their posts with in_reply_to count as replies, not mentions");
    cmd->footer("Input lines: {\"id\",\"platform\",\"author\":{\"handle\"},\"text\",\"created_at\",\"in_reply_to\"?,"
                "\"replied_at\"?,\"triage\"?:{...wire::triage_to_json...}}.\n"
                "A line from the brand (--brand-handle, or \"from_brand\":true) with in_reply_to is a reply.\n"
                "A progress bar is drawn on stderr when it is a terminal.");
    return [opt]() -> int { return run_report(*opt); };
}};

} // namespace
} // namespace earshot::cli
