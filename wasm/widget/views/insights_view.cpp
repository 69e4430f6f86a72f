#include "insights_view.hpp"

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

} // namespace

void InsightsView::draw(Ui& ui) {
    if (revision_ != ui.model.revision() || ui.now_ms - computed_at_ > 5000) {
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
    card_title(ui, "Incidents");
    if (ui.model.incidents.empty()) ImGui::TextDisabled("No incidents reported by the server.");
    for (const auto& inc : ui.model.incidents) {
        const std::string title = inc.value("title", inc.value("label", inc.value("id", std::string("incident"))));
        const std::string status = inc.value("status", std::string("open"));
        ImGui::TextColored(status == "resolved" || status == "closed" ? pal.ok : pal.bad, "\xE2\x97\x8F");
        ImGui::SameLine();
        ImGui::Text("%s  (%s, %d mentions)", title.c_str(), status.c_str(), inc.value("count", inc.value("size", 0)));
    }
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
