#include "detail_view.hpp"

#include <algorithm>
#include <cstdio>

namespace earshot::widget {

void DetailView::draw(Ui& ui, Record& r) {
    const auto& pal = ui.pal;
    const auto& a = r.mention.author;
    const auto& t = r.triage;
    // header: author, reach, platform, time
    ImGui::PushFont(ui.fonts.heading);
    ImGui::TextUnformatted(a.handle.empty() ? (a.name.empty() ? "anonymous" : a.name.c_str()) : a.handle.c_str());
    ImGui::PopFont();
    ImGui::SameLine();
    if (!a.name.empty() && !a.handle.empty()) {
        ImGui::TextColored(pal.muted, "%s", a.name.c_str());
        ImGui::SameLine();
    }
    const std::string reach = format_count(a.followers) + " followers";
    badge(reach.c_str(), a.followers >= 10000 ? pal.warn : pal.muted);
    ImGui::SameLine();
    badge(r.mention.platform.c_str(), pal.accent);
    ImGui::TextColored(pal.muted, "%s  \xC2\xB7  id %s", format_time(r.mention.created_at_ms).c_str(), r.mention.id.c_str());

    // presence of other agents
    std::string others;
    for (const auto& p : ui.model.presence)
        if (p.mention_id == r.mention.id && p.agent != ui.model.agent) others += (others.empty() ? "" : ", ") + p.agent + (p.state == "typing" ? " (typing)" : "");
    if (!others.empty()) {
        ImGui::TextColored(pal.warn, "\xE2\x97\x89 Also here: %s", others.c_str());
    }
    ImGui::Spacing();

    // text with entity highlights
    std::vector<Span> spans;
    for (const auto& e : t.entities)
        spans.push_back({e.begin, e.end, pal.entity(e.type), e.type + (e.value.empty() || e.value == e.text ? "" : ": " + e.value)});
    ImGui::PushStyleColor(ImGuiCol_ChildBg, pal.panel_alt);
    const float text_h = std::min(220.0f, ImGui::CalcTextSize(r.mention.text.c_str(), nullptr, false, ImGui::GetContentRegionAvail().x - 24).y +
                                              ImGui::GetTextLineHeightWithSpacing() * 2 + 8);
    ImGui::BeginChild("text", ImVec2(0, text_h), true);
    highlighted_text(r.mention.text, spans, ImGui::GetContentRegionAvail().x);
    ImGui::EndChild();
    ImGui::PopStyleColor();

    // workflow
    const bool resolved = r.status == "resolved";
    if (ImGui::Button(r.assignee == ui.model.agent ? "Assigned to you" : "Assign to me")) ui.actions.assign(r.mention.id, ui.model.agent);
    ImGui::SameLine();
    if (ImGui::Button("Pending")) ui.actions.set_status(r.mention.id, "pending");
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Button, resolved ? ImGui::GetStyleColorVec4(ImGuiCol_Button) : ImVec4(pal.ok.x, pal.ok.y, pal.ok.z, 0.35f));
    if (ImGui::Button(resolved ? "Reopen" : "Resolve  (e)")) ui.actions.set_status(r.mention.id, resolved ? "open" : "resolved");
    ImGui::PopStyleColor();
    ImGui::SameLine();
    ImGui::TextColored(pal.muted, "status: %s%s%s", r.status.c_str(), r.assignee.empty() ? "" : " \xC2\xB7 ", r.assignee.c_str());

    // triage
    if (!t.present) {
        ImGui::TextDisabled("Not classified yet.");
        return;
    }
    ImGui::Separator();
    if (ImGui::BeginTable("triage", 2, ImGuiTableFlags_SizingFixedFit)) {
        auto row = [&](const char* k) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextColored(pal.muted, "%s", k);
            ImGui::TableNextColumn();
        };
        char buf[160];
        row("Category");
        std::snprintf(buf, sizeof buf, "%s  (%.0f%%)", t.category_label.c_str(), t.category_confidence * 100);
        ImGui::TextUnformatted(buf);
        row("Sentiment");
        ImGui::TextColored(pal.sentiment(t.sentiment), "%s %+.2f%s", t.sentiment.c_str(), t.sentiment_score, t.complaint ? "  \xC2\xB7 complaint" : "");
        row("Urgency");
        ImGui::TextColored(t.urgency >= 0.75 ? pal.bad : (t.urgency >= 0.45 ? pal.warn : pal.text), "%.0f / 100", t.urgency * 100);
        if (!t.urgency_reasons.empty()) {
            std::string reasons;
            for (const auto& x : t.urgency_reasons) reasons += (reasons.empty() ? "" : ", ") + x;
            ImGui::SameLine();
            ImGui::TextColored(pal.muted, "(%s)", reasons.c_str());
        }
        row("Route");
        ImGui::Text("tier %s \xC2\xB7 %s", t.tier.empty() ? "-" : t.tier.c_str(), t.team.empty() ? "-" : t.team.c_str());
        row("Reply by");
        ImGui::TextColored(deadline_colour(r, ui.now_ms, pal), "%s  (%s, within %d min)", deadline_text(r, ui.now_ms).c_str(),
                           format_time(r.deadline_ms()).c_str(), t.respond_within_minutes);
        if (!t.signals.empty()) {
            row("Signals");
            std::string s;
            for (const auto& x : t.signals) s += (s.empty() ? "" : ", ") + x;
            ImGui::PushTextWrapPos(0);
            ImGui::TextUnformatted(s.c_str());
            ImGui::PopTextWrapPos();
        }
        ImGui::EndTable();
    }
    if (!t.explanation.empty()) {
        ImGui::TextColored(pal.muted, "Why");
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(t.explanation.c_str());
        ImGui::PopTextWrapPos();
    }
    // commitments
    if (!r.commitments.empty()) {
        ImGui::Separator();
        ImGui::TextColored(pal.muted, "Commitments");
        for (const auto& c : r.commitments) {
            const bool overdue = !c.done && c.due_ms > 0 && c.due_ms < ui.now_ms;
            ImGui::TextColored(c.done ? pal.ok : (overdue ? pal.bad : pal.warn), "%s %s", c.done ? "\xE2\x9C\x93" : (overdue ? "!" : "\xE2\x80\xA2"),
                               c.text.c_str());
            if (c.due_ms > 0) {
                ImGui::SameLine();
                ImGui::TextColored(pal.muted, overdue ? "(overdue since %s)" : "(due %s)", format_time(c.due_ms).c_str());
            }
        }
    }
    if (!r.replies.empty()) {
        ImGui::Separator();
        ImGui::TextColored(pal.muted, "Replies sent");
        for (const auto& s : r.replies) {
            ImGui::PushTextWrapPos(0);
            ImGui::TextColored(pal.accent, "%s", s.author.empty() ? "agent" : s.author.c_str());
            ImGui::SameLine();
            ImGui::TextColored(pal.muted, "%s", format_time(s.at_ms).c_str());
            ImGui::TextUnformatted(s.text.c_str());
            ImGui::PopTextWrapPos();
        }
    }
}

} // namespace earshot::widget
