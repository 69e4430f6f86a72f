#include "queue_view.hpp"

#include <algorithm>
#include <cstring>

namespace earshot::widget {

namespace {

bool filter_combo(const char* label, const char* any, std::string& value, const std::vector<std::string>& options, float width) {
    bool changed = false;
    ImGui::SetNextItemWidth(width);
    if (ImGui::BeginCombo(label, value.empty() ? any : value.c_str())) {
        if (ImGui::Selectable(any, value.empty())) {
            value.clear();
            changed = true;
        }
        for (const auto& o : options) {
            if (ImGui::Selectable(o.c_str(), value == o)) {
                value = o;
                changed = true;
            }
        }
        ImGui::EndCombo();
    }
    return changed;
}

} // namespace

void QueueView::draw_filters(Ui& ui) {
    auto& m = ui.model;
    auto& f = m.filter;
    if (focus_search_) {
        ImGui::SetKeyboardFocusHere();
        focus_search_ = false;
    }
    const float avail = ImGui::GetContentRegionAvail().x;
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    // search takes a quarter; seven combos share the rest (wrapping to a second line when narrow)
    const float search_w = std::max(120.0f, avail * 0.24f);
    const bool two_lines = avail < 760;
    const float rest = two_lines ? avail : avail - search_w - spacing;
    const float w = std::max(60.0f, (rest - spacing * 6) / 7.0f);
    ImGui::SetNextItemWidth(two_lines ? avail : search_w);
    if (ImGui::InputTextWithHint("##search", "Search  ( / )", search_, sizeof search_)) f.search = search_;
    if (!two_lines) ImGui::SameLine();
    static const std::vector<std::string> sentiments = {"negative", "neutral", "positive"};
    static const std::vector<std::string> statuses = {"open", "pending", "resolved"};
    filter_combo("##cat", "Category", f.category, m.categories(), w);
    ImGui::SameLine();
    filter_combo("##sent", "Sentiment", f.sentiment, sentiments, w);
    ImGui::SameLine();
    filter_combo("##tier", "Tier", f.tier, m.tiers(), w);
    ImGui::SameLine();
    filter_combo("##team", "Team", f.team, m.teams(), w);
    ImGui::SameLine();
    if (filter_combo("##status", "Open", f.status, statuses, w)) f.open_only = f.status.empty();
    ImGui::SameLine();
    filter_combo("##assignee", "Anyone", f.assignee, m.assignees(), w);
    ImGui::SameLine();
    int sort = static_cast<int>(m.sort);
    ImGui::SetNextItemWidth(w);
    if (ImGui::Combo("##sort", &sort, "Deadline\0Urgency\0Newest\0Oldest\0")) m.sort = static_cast<SortKey>(sort);
}

void QueueView::draw(Ui& ui) {
    auto& m = ui.model;
    draw_filters(ui);
    const auto& rows = m.shown_rows(); // the app advances pending re-sorts between frames, a slice at a time
    const auto& recs = m.records();

    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerH |
                                  ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("queue", 6, flags, ImGui::GetContentRegionAvail())) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Due", ImGuiTableColumnFlags_WidthFixed, 78);
    ImGui::TableSetupColumn("Urg.", ImGuiTableColumnFlags_WidthFixed, 36);
    ImGui::TableSetupColumn("Author", ImGuiTableColumnFlags_WidthFixed, 96);
    ImGui::TableSetupColumn("Mention", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("Category", ImGuiTableColumnFlags_WidthFixed, 104);
    ImGui::TableSetupColumn("Status", ImGuiTableColumnFlags_WidthFixed, 62);
    ImGui::TableHeadersRow();

    int selected_row = -1;
    if (scroll_to_selected_) {
        for (std::size_t i = 0; i < rows.size(); ++i)
            if (recs[rows[i]].mention.id == m.selected_id) selected_row = static_cast<int>(i);
    }
    const float row_h = ImGui::GetTextLineHeight() + ImGui::GetStyle().CellPadding.y * 2;
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows.size()), row_h);
    if (selected_row >= 0) clipper.ForceDisplayRangeByIndices(selected_row, selected_row + 1);
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const Record& r = recs[rows[i]];
            const auto& t = r.triage;
            ImGui::TableNextRow(ImGuiTableRowFlags_None, row_h);
            ImGui::TableNextColumn();
            ImGui::PushID(i);
            const bool sel = r.mention.id == m.selected_id;
            const std::string due = deadline_text(r, ui.now_ms);
            if (ImGui::Selectable("##row", sel, ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap,
                                  ImVec2(0, row_h - ImGui::GetStyle().CellPadding.y * 2)))
                ui.actions.select(r.mention.id);
            if (sel && i == selected_row) ImGui::SetScrollHereY(0.4f);
            ImGui::SameLine(0, 0);
            ImGui::TextColored(deadline_colour(r, ui.now_ms, ui.pal), "%s", due.c_str());
            ImGui::TableNextColumn();
            {
                // urgency bar
                const ImVec2 p = ImGui::GetCursorScreenPos();
                const float w = ImGui::GetContentRegionAvail().x, h = ImGui::GetTextLineHeight();
                auto* dl = ImGui::GetWindowDrawList();
                const float u = static_cast<float>(std::clamp(t.urgency, 0.0, 1.0));
                const ImVec4 c = u >= 0.75f ? ui.pal.bad : (u >= 0.45f ? ui.pal.warn : ui.pal.ok);
                dl->AddRectFilled(ImVec2(p.x, p.y + h * 0.35f), ImVec2(p.x + w, p.y + h * 0.65f), u32(ui.pal.muted, 0.25f), 3);
                if (t.present)
                    dl->AddRectFilled(ImVec2(p.x, p.y + h * 0.35f), ImVec2(p.x + w * u, p.y + h * 0.65f), u32(c), 3);
                ImGui::Dummy(ImVec2(w, h));
            }
            ImGui::TableNextColumn();
            const auto& a = r.mention.author;
            ImGui::TextUnformatted(a.handle.empty() ? (a.name.empty() ? "anonymous" : a.name.c_str()) : a.handle.c_str());
            ImGui::TableNextColumn();
            {
                // first line of the text, cut to the column
                const std::string& s = r.mention.text;
                std::size_t end = std::min<std::size_t>(s.find('\n') == std::string::npos ? s.size() : s.find('\n'), 220);
                while (end < s.size() && end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
                if (t.present && t.sentiment == "negative") {
                    ImGui::TextColored(ui.pal.bad, "%s", "\xE2\x97\x8F"); // ●
                    ImGui::SameLine(0, 4);
                } else if (t.present && t.sentiment == "positive") {
                    ImGui::TextColored(ui.pal.ok, "%s", "\xE2\x97\x8F");
                    ImGui::SameLine(0, 4);
                }
                ImGui::TextUnformatted(s.data(), s.data() + end);
            }
            ImGui::TableNextColumn();
            if (t.present) ImGui::TextColored(ui.pal.muted, "%s", t.category_label.c_str());
            else ImGui::TextDisabled("unclassified");
            ImGui::TableNextColumn();
            const bool someone_here = std::any_of(m.presence.begin(), m.presence.end(), [&](const PresenceEntry& p) {
                return p.mention_id == r.mention.id && p.agent != m.agent;
            });
            ImGui::TextColored(r.status == "resolved" ? ui.pal.ok : (r.status == "pending" ? ui.pal.warn : ui.pal.muted), "%s%s",
                               r.status.c_str(), someone_here ? " \xE2\x97\x89" : "");
            ImGui::PopID();
        }
    }
    if (scroll_to_selected_ && selected_row >= 0) scroll_to_selected_ = false;
    if (rows.empty()) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TableNextColumn();
        ImGui::TableNextColumn();
        ImGui::TableNextColumn();
        ImGui::TextDisabled(recs.empty() ? "No mentions yet." : "No mentions match these filters.");
    }
    ImGui::EndTable();
}

} // namespace earshot::widget
