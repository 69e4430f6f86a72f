#include "insights_view.hpp"

#include "earshot/mention.hpp"

#include <algorithm>
#include <cstdio>

namespace earshot::widget {

InsightsData compute_insights(const std::vector<Record>& records, std::int64_t now_ms) {
    InsightsData d;
    std::int64_t lo = INT64_MAX, hi = INT64_MIN;
    std::map<std::string, int> cat_count;
    for (const auto& r : records) {
        ++d.total;
        if (r.open()) ++d.open;
        if (r.open() && r.deadline_ms() > 0 && r.deadline_ms() < now_ms) ++d.overdue;
        if (r.mention.created_at_ms > 0) {
            lo = std::min(lo, r.mention.created_at_ms);
            hi = std::max(hi, r.mention.created_at_ms);
        }
        if (r.triage.present) ++cat_count[r.triage.category_label];
    }
    if (lo == INT64_MAX) return d;
    // choose a bucket size giving 12..48 buckets
    const std::int64_t span = std::max<std::int64_t>(hi - lo, 1);
    static const std::int64_t sizes[] = {60'000, 300'000, 900'000, 3'600'000, 3 * 3'600'000, 6 * 3'600'000, 86'400'000, 7 * 86'400'000};
    d.bucket_ms = sizes[7];
    for (auto s : sizes)
        if (span / s <= 48) {
            d.bucket_ms = s;
            break;
        }
    d.t0 = lo - lo % d.bucket_ms;
    d.buckets = static_cast<int>((hi - d.t0) / d.bucket_ms) + 1;
    std::vector<std::pair<int, std::string>> cats;
    for (auto& [k, v] : cat_count) cats.push_back({-v, k});
    std::sort(cats.begin(), cats.end());
    for (std::size_t i = 0; i < cats.size() && i < 6; ++i) d.series.push_back(cats[i].second);
    if (cats.size() > 6) d.series.push_back("other");
    d.volume.assign(d.series.size(), std::vector<int>(static_cast<std::size_t>(d.buckets), 0));
    d.sentiment.assign(static_cast<std::size_t>(d.buckets), 0.0f);
    d.bucket_total.assign(static_cast<std::size_t>(d.buckets), 0);
    for (const auto& r : records) {
        if (r.mention.created_at_ms <= 0 || !r.triage.present) continue;
        const int b = static_cast<int>((r.mention.created_at_ms - d.t0) / d.bucket_ms);
        auto it = std::find(d.series.begin(), d.series.end(), r.triage.category_label);
        std::size_t s = it == d.series.end() ? d.series.size() - 1 : static_cast<std::size_t>(it - d.series.begin());
        if (!d.series.empty()) ++d.volume[s][static_cast<std::size_t>(b)];
        d.sentiment[static_cast<std::size_t>(b)] += static_cast<float>(r.triage.sentiment_score);
        ++d.bucket_total[static_cast<std::size_t>(b)];
        const auto deadline = r.deadline_ms();
        const auto first = r.first_reply_ms();
        if (first > 0) d.first_reply_minutes.push_back(static_cast<float>(first - r.mention.created_at_ms) / 60000.0f);
        if (deadline > 0 && (first > 0 || deadline < now_ms)) {
            const bool met = first > 0 && first <= deadline;
            auto& t = d.by_tier[r.triage.tier.empty() ? "-" : r.triage.tier];
            auto& m = d.by_team[r.triage.team.empty() ? "-" : r.triage.team];
            (met ? t.met : t.missed)++;
            (met ? m.met : m.missed)++;
        }
    }
    for (int b = 0; b < d.buckets; ++b)
        if (d.bucket_total[static_cast<std::size_t>(b)] > 0) d.sentiment[static_cast<std::size_t>(b)] /= static_cast<float>(d.bucket_total[static_cast<std::size_t>(b)]);
    std::sort(d.first_reply_minutes.begin(), d.first_reply_minutes.end());
    return d;
}

namespace {

void card_title(Ui& ui, const char* title) {
    ImGui::PushFont(ui.fonts.heading);
    ImGui::TextUnformatted(title);
    ImGui::PopFont();
}

void stacked_bars(Ui& ui, const InsightsData& d, ImVec2 size) {
    auto* dl = ImGui::GetWindowDrawList();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    int peak = 1;
    for (int b = 0; b < d.buckets; ++b) {
        int s = 0;
        for (const auto& v : d.volume) s += v[static_cast<std::size_t>(b)];
        peak = std::max(peak, s);
    }
    const float bw = size.x / std::max(1, d.buckets);
    dl->AddLine(ImVec2(p.x, p.y + size.y), ImVec2(p.x + size.x, p.y + size.y), u32(ui.pal.muted, 0.5f));
    int hovered = -1;
    for (int b = 0; b < d.buckets; ++b) {
        float y = p.y + size.y;
        for (std::size_t s = 0; s < d.volume.size(); ++s) {
            const float h = size.y * static_cast<float>(d.volume[s][static_cast<std::size_t>(b)]) / static_cast<float>(peak);
            if (h <= 0) continue;
            dl->AddRectFilled(ImVec2(p.x + b * bw + 1, y - h), ImVec2(p.x + (b + 1) * bw - 1, y), u32(ui.pal.chart(static_cast<int>(s))));
            y -= h;
        }
        if (ImGui::IsMouseHoveringRect(ImVec2(p.x + b * bw, p.y), ImVec2(p.x + (b + 1) * bw, p.y + size.y))) hovered = b;
    }
    ImGui::Dummy(size);
    if (hovered >= 0) {
        ImGui::BeginTooltip();
        ImGui::Text("%s", format_time(d.t0 + hovered * d.bucket_ms).c_str());
        for (std::size_t s = 0; s < d.series.size(); ++s)
            if (d.volume[s][static_cast<std::size_t>(hovered)] > 0)
                ImGui::TextColored(ui.pal.chart(static_cast<int>(s)), "%s: %d", d.series[s].c_str(), d.volume[s][static_cast<std::size_t>(hovered)]);
        ImGui::EndTooltip();
    }
    for (std::size_t s = 0; s < d.series.size(); ++s) {
        if (s > 0) ImGui::SameLine();
        ImGui::TextColored(ui.pal.chart(static_cast<int>(s)), "\xE2\x96\xA0");
        ImGui::SameLine(0, 3);
        ImGui::TextUnformatted(d.series[s].c_str());
    }
}

void sentiment_line(Ui& ui, const InsightsData& d, ImVec2 size) {
    auto* dl = ImGui::GetWindowDrawList();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float mid = p.y + size.y * 0.5f;
    dl->AddLine(ImVec2(p.x, mid), ImVec2(p.x + size.x, mid), u32(ui.pal.muted, 0.4f));
    const float step = size.x / std::max(1, d.buckets - 1);
    ImVec2 prev;
    bool have = false;
    for (int b = 0; b < d.buckets; ++b) {
        if (d.bucket_total[static_cast<std::size_t>(b)] == 0) continue;
        const float v = std::clamp(d.sentiment[static_cast<std::size_t>(b)], -1.0f, 1.0f);
        const ImVec2 pt(p.x + b * step, mid - v * size.y * 0.48f);
        if (have) dl->AddLine(prev, pt, u32(v < 0 ? ui.pal.bad : ui.pal.ok), 2.0f);
        dl->AddCircleFilled(pt, 2.5f, u32(v < 0 ? ui.pal.bad : ui.pal.ok));
        prev = pt;
        have = true;
    }
    dl->AddText(ImVec2(p.x + 2, p.y), u32(ui.pal.muted), "+1");
    dl->AddText(ImVec2(p.x + 2, p.y + size.y - ImGui::GetFontSize()), u32(ui.pal.muted), "-1");
    ImGui::Dummy(size);
}

void met_bars(Ui& ui, const std::map<std::string, InsightsData::Met>& m) {
    if (m.empty()) {
        ImGui::TextDisabled("No deadlines decided yet.");
        return;
    }
    for (const auto& [k, v] : m) {
        const int n = v.met + v.missed;
        const float share = n ? static_cast<float>(v.met) / static_cast<float>(n) : 0.0f;
        ImGui::TextUnformatted(k.c_str());
        ImGui::SameLine(110);
        char buf[48];
        std::snprintf(buf, sizeof buf, "%.0f%% of %d", share * 100, n);
        ImGui::PushStyleColor(ImGuiCol_PlotHistogram, share >= 0.9f ? ui.pal.ok : (share >= 0.7f ? ui.pal.warn : ui.pal.bad));
        ImGui::ProgressBar(share, ImVec2(-1, 0), buf);
        ImGui::PopStyleColor();
    }
}

/// A number field, or for "<name>_ms" the ISO-8601 "<name>" field when only that is present (e.g. "fixed_at").
std::int64_t jms(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    if (it != j.end() && it->is_number()) return it->get<std::int64_t>();
    std::string k = key;
    if (k.size() > 3 && k.compare(k.size() - 3, 3, "_ms") == 0) {
        auto iso = j.find(k.substr(0, k.size() - 3));
        std::int64_t ms = 0;
        if (iso != j.end() && iso->is_string() && parse_iso8601(iso->get<std::string>(), ms)) return ms;
    }
    return 0;
}

std::string jstring(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

/// The incident's 5-minute volume curve as bars, the spike window shaded and marked, the fix as a green line.
void incident_timeline(Ui& ui, const nlohmann::json& inc, ImVec2 size) {
    const auto& pal = ui.pal;
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p0, ImVec2(p0.x + size.x, p0.y + size.y), u32(pal.panel_alt));
    std::vector<std::pair<std::int64_t, int>> pts;
    if (auto v = inc.find("volume"); v != inc.end() && v->is_array())
        for (const auto& x : *v)
            if (x.is_object()) pts.push_back({jms(x, "at_ms"), static_cast<int>(jms(x, "count"))});
    const auto spike = inc.contains("spike") && inc["spike"].is_object() ? inc["spike"] : nlohmann::json::object();
    const std::int64_t spike_at = jms(spike, "at_ms"), fixed_at = jms(inc, "fixed_at_ms");
    std::int64_t lo = pts.empty() ? jms(inc, "first_seen_ms") : pts.front().first;
    std::int64_t hi = pts.empty() ? jms(inc, "last_seen_ms") : pts.back().first + 300'000;
    if (fixed_at > 0) hi = std::max(hi, fixed_at + 300'000);
    if (hi <= lo) hi = lo + 300'000;
    int top = 1;
    for (auto& [t, c] : pts) top = std::max(top, c);
    auto x_of = [&](std::int64_t t) { return p0.x + size.x * static_cast<float>(static_cast<double>(t - lo) / static_cast<double>(hi - lo)); };
    if (spike_at > 0) { // the detector's window ending at the spike
        const auto win = std::max<std::int64_t>(1, jms(spike, "window_minutes")) * 60'000;
        dl->AddRectFilled(ImVec2(std::max(p0.x, x_of(spike_at - win)), p0.y), ImVec2(x_of(spike_at), p0.y + size.y), u32(pal.bad, 0.18f));
    }
    const float bar_w = std::max(2.0f, size.x * 300'000.0f / static_cast<float>(hi - lo) - 1.0f);
    for (auto& [t, c] : pts) {
        const float h = (size.y - 4) * static_cast<float>(c) / static_cast<float>(top);
        const bool in_spike = spike_at > 0 && t <= spike_at && t + 300'000 > spike_at - jms(spike, "window_minutes") * 60'000;
        const bool after_fix = fixed_at > 0 && t >= fixed_at;
        dl->AddRectFilled(ImVec2(x_of(t), p0.y + size.y - h), ImVec2(x_of(t) + bar_w, p0.y + size.y),
                          u32(after_fix ? pal.muted : (in_spike ? pal.bad : pal.accent)));
    }
    if (spike_at > 0) dl->AddLine(ImVec2(x_of(spike_at), p0.y), ImVec2(x_of(spike_at), p0.y + size.y), u32(pal.bad), 1.5f);
    if (fixed_at > 0) dl->AddLine(ImVec2(x_of(fixed_at), p0.y), ImVec2(x_of(fixed_at), p0.y + size.y), u32(pal.ok), 2.0f);
    ImGui::Dummy(size);
    if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::Text("%s .. %s, peak %d mentions / 5 min", format_time(lo).c_str(), format_time(hi).c_str(), top);
        if (spike_at > 0)
            ImGui::Text("spike at %s: %.0f observed vs %.1f expected in %d min", format_time(spike_at).c_str(), spike.value("observed", 0.0),
                        spike.value("expected", 0.0), static_cast<int>(jms(spike, "window_minutes")));
        if (fixed_at > 0) ImGui::Text("fixed at %s", format_time(fixed_at).c_str());
        ImGui::EndTooltip();
    }
}

} // namespace

void InsightsView::draw_incident_actions(Ui& ui, const std::string& id, const std::string& status) {
    // acknowledge (open -> acknowledged: published as a known issue), mark fixed with a note (drafts the outreach)
    if (status == "open") {
        if (ImGui::SmallButton("Acknowledge")) ui.actions.incident(id, "acknowledge", "");
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Confirm it: the public known-issues feed shows it from now on");
        ImGui::SameLine();
    }
    if (status == "fixed") return;
    auto& note = fix_notes_[id];
    note.resize(512, '\0');
    ImGui::SetNextItemWidth(std::max(120.0f, ImGui::GetContentRegionAvail().x - ImGui::GetFontSize() * 7));
    ImGui::InputTextWithHint("##fixnote", "What was fixed (sent to affected customers)", note.data(), note.size());
    ImGui::SameLine();
    const std::string text = note.c_str();
    ImGui::BeginDisabled(text.empty());
    if (ImGui::SmallButton("Mark fixed") && ui.actions.incident(id, "fix", text)) fix_notes_.erase(id);
    ImGui::EndDisabled();
}

void InsightsView::draw_incidents(Ui& ui) {
    const auto& pal = ui.pal;
    card_title(ui, "Incidents");
    auto& incs = ui.model.incidents;
    if (incs.empty()) {
        ImGui::TextDisabled("No incidents reported by the server.");
        return;
    }
    // open first, then acknowledged, then fixed; newest first within each
    std::vector<const nlohmann::json*> order;
    for (const auto& x : incs)
        if (x.is_object()) order.push_back(&x);
    auto rank = [](const std::string& st) { return st == "open" ? 0 : st == "acknowledged" ? 1 : 2; };
    std::stable_sort(order.begin(), order.end(), [&](const nlohmann::json* a, const nlohmann::json* b) {
        const int ra = rank(jstring(*a, "status")), rb = rank(jstring(*b, "status"));
        if (ra != rb) return ra < rb;
        return jms(*a, "opened_at_ms") > jms(*b, "opened_at_ms");
    });
    for (const auto* ip : order) {
        const auto& inc = *ip;
        std::string title = jstring(inc, "title");
        if (title.empty()) title = jstring(inc, "label");
        if (title.empty()) title = jstring(inc, "id");
        const std::string status = jstring(inc, "status").empty() ? "open" : jstring(inc, "status");
        const int mentions = static_cast<int>(jms(inc, "mentions") ? jms(inc, "mentions") : jms(inc, "count"));
        const ImVec4 dot = status == "fixed" || status == "resolved" ? pal.ok : status == "acknowledged" ? pal.warn : pal.bad;
        ImGui::PushID(jstring(inc, "id").c_str());
        ImGui::TextColored(dot, "\xE2\x97\x8F");
        ImGui::SameLine();
        const bool open = ImGui::TreeNodeEx("##inc", status == "open" ? ImGuiTreeNodeFlags_DefaultOpen : 0, "%s", title.c_str());
        ImGui::SameLine();
        ImGui::TextColored(pal.muted, "%s \xC2\xB7 %d mentions", status.c_str(), mentions);
        if (open) {
            const std::string team = jstring(inc, "team"), cat = jstring(inc, "category_label");
            ImGui::TextColored(pal.muted, "Owner");
            ImGui::SameLine(90);
            ImGui::Text("%s%s%s", team.empty() ? "unassigned" : team.c_str(), cat.empty() ? "" : "  \xC2\xB7  ", cat.c_str());
            if (auto e = inc.find("entities"); e != inc.end() && e->is_array() && !e->empty()) {
                ImGui::TextColored(pal.muted, "About");
                ImGui::SameLine(90);
                std::string about;
                int n = 0;
                for (const auto& x : *e) {
                    if (!x.is_object() || n++ >= 4) continue;
                    about += (about.empty() ? "" : ", ") + (jstring(x, "value").empty() ? jstring(x, "text") : jstring(x, "value"));
                }
                ImGui::TextUnformatted(about.c_str());
            }
            if (auto v = inc.find("volume"); v != inc.end() && v->is_array() && !v->empty())
                incident_timeline(ui, inc, ImVec2(ImGui::GetContentRegionAvail().x, 46));
            ImGui::TextColored(pal.muted, "Since %s, last %s", format_time(jms(inc, "first_seen_ms")).c_str(), format_time(jms(inc, "last_seen_ms")).c_str());
            const std::string note = jstring(inc, "fix_note");
            ImGui::TextColored(pal.muted, "Fix");
            ImGui::SameLine(90);
            if (note.empty()) ImGui::TextDisabled("not fixed yet");
            else ImGui::TextWrapped("%s", note.c_str());
            if (ui.mode == "agent") draw_incident_actions(ui, jstring(inc, "id"), status);
            const auto outreach = inc.contains("outreach") && inc["outreach"].is_object() ? inc["outreach"] : nlohmann::json::object();
            const int affected = static_cast<int>(jms(outreach, "affected")), done = static_cast<int>(jms(outreach, "followed_up"));
            ImGui::TextColored(pal.muted, "Outreach");
            ImGui::SameLine(90);
            if (affected > 0) {
                char buf[64];
                std::snprintf(buf, sizeof buf, "%d / %d customers followed up", done, affected);
                ImGui::PushStyleColor(ImGuiCol_PlotHistogram, done >= affected ? pal.ok : pal.accent);
                ImGui::ProgressBar(static_cast<float>(done) / static_cast<float>(affected), ImVec2(-1, 0), buf);
                ImGui::PopStyleColor();
            } else ImGui::TextDisabled("no affected customers yet");
            // the grouped mentions this widget holds (click to open one)
            if (auto ids = inc.find("mention_ids"); ids != inc.end() && ids->is_array() && !ids->empty()) {
                int shown = 0, total = 0;
                for (const auto& id : *ids) {
                    if (!id.is_string()) continue;
                    ++total;
                    const Record* r = shown < 6 ? ui.model.find(id.get<std::string>()) : nullptr;
                    if (!r) continue;
                    ++shown;
                    std::string line = r->mention.author.handle + ": " + r->mention.text.substr(0, 90);
                    if (ImGui::Selectable(line.c_str(), ui.model.selected_id == r->mention.id)) ui.actions.select(r->mention.id);
                }
                if (total > shown) ImGui::TextDisabled("%d grouped mention%s%s", total, total == 1 ? "" : "s", shown ? " (showing those loaded here)" : "");
            }
            ImGui::TreePop();
        }
        ImGui::PopID();
    }
}

void InsightsView::draw(Ui& ui) {
    // a pass over every record: with a live stream into a big queue, at most once a second (small queues at once)
    const auto age = ui.now_ms - computed_at_;
    const bool changed = revision_ != ui.model.revision();
    if ((changed && (ui.model.records().size() < 5000 || age > 1000)) || age > 5000) {
        data_ = compute_insights(ui.model.records(), ui.now_ms);
        revision_ = ui.model.revision();
        computed_at_ = ui.now_ms;
    }
    const auto& d = data_;
    const auto& pal = ui.pal;
    ImGui::Text("%d mentions  \xC2\xB7  %d open  \xC2\xB7 ", d.total, d.open);
    ImGui::SameLine();
    ImGui::TextColored(d.overdue ? pal.bad : pal.ok, "%d past their reply deadline", d.overdue);
    const float col_w = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
    const float chart_h = std::max(80.0f, ImGui::GetContentRegionAvail().y * 0.28f);

    ImGui::BeginChild("vol", ImVec2(col_w, chart_h + 70), true);
    card_title(ui, "Volume by category");
    if (d.buckets > 0) stacked_bars(ui, d, ImVec2(ImGui::GetContentRegionAvail().x, chart_h - 10));
    else ImGui::TextDisabled("No timestamped, classified mentions yet.");
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("sent", ImVec2(0, chart_h + 70), true);
    card_title(ui, "Sentiment trend");
    if (d.buckets > 0) sentiment_line(ui, d, ImVec2(ImGui::GetContentRegionAvail().x, chart_h - 10));
    else ImGui::TextDisabled("No data yet.");
    ImGui::EndChild();

    ImGui::BeginChild("ttfr", ImVec2(col_w, 0), true);
    card_title(ui, "Time to first reply");
    if (d.first_reply_minutes.empty()) ImGui::TextDisabled("No replies sent yet.");
    else {
        const auto& v = d.first_reply_minutes;
        const float med = v[v.size() / 2], p90 = v[std::min(v.size() - 1, v.size() * 9 / 10)];
        ImGui::Text("median %s  \xC2\xB7  p90 %s  \xC2\xB7  %zu replies", format_duration(static_cast<std::int64_t>(med * 60000)).c_str(),
                    format_duration(static_cast<std::int64_t>(p90 * 60000)).c_str(), v.size());
        // histogram over 0..p90*1.5
        const float top = std::max(1.0f, p90 * 1.5f);
        float bins[20] = {};
        for (float x : v) bins[std::min(19, static_cast<int>(x / top * 20))] += 1;
        ImGui::PlotHistogram("##ttfr", bins, 20, 0, nullptr, 0, FLT_MAX, ImVec2(-1, 70));
    }
    ImGui::Spacing();
    draw_incidents(ui);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("met", ImVec2(0, 0), true);
    card_title(ui, "Deadlines met, by tier");
    met_bars(ui, d.by_tier);
    ImGui::Spacing();
    card_title(ui, "Deadlines met, by team");
    met_bars(ui, d.by_team);
    ImGui::EndChild();
}

} // namespace earshot::widget
