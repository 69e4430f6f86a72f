#include "reply_view.hpp"

#include "../platform.hpp"

#include <algorithm>
#include <cstdio>

namespace earshot::widget {

void ReplyView::replace_text(std::string text) {
    text_ = std::move(text);
    dirty_ = true;
}

void ReplyView::input_from_field(std::string text) {
    if (text == text_) return;
    text_ = std::move(text);
    field_value_ = text_;
    dirty_ = true;
    typed_ = true;
}

void ReplyView::set_text(const std::string& id, std::string text) {
    for_id_ = id;
    replace_text(std::move(text));
}

bool ReplyView::apply_fix(int index) {
    if (index < 0 || static_cast<std::size_t>(index) >= lint_.findings.size()) return false;
    const auto& f = lint_.findings[static_cast<std::size_t>(index)];
    if (!f.has_fix) return false;
    std::string t = text_;
    if (f.begin >= 0 && f.end >= f.begin && static_cast<std::size_t>(f.end) <= t.size())
        t.replace(static_cast<std::size_t>(f.begin), static_cast<std::size_t>(f.end - f.begin), f.fix);
    else
        t += f.fix;
    replace_text(std::move(t));
    return true;
}

void ReplyView::relint(Ui& ui, const Record& r) {
    dirty_ = false;
    if (ui.engine.can_lint() && !text_.empty()) lint_ = ui.engine.lint(text_, r);
    else lint_ = {};
}

void ReplyView::draw(Ui& ui, Record& r) {
    const auto& pal = ui.pal;
    if (for_id_ != r.mention.id) {
        for_id_ = r.mention.id;
        submit_ = false;
        replace_text(r.drafts.empty() ? std::string() : r.drafts.front().text);
    }
    if (dirty_) relint(ui, r);

    // header: score
    ImGui::PushFont(ui.fonts.heading);
    ImGui::TextUnformatted("Reply");
    ImGui::PopFont();
    if (lint_.present) {
        ImGui::SameLine();
        char buf[48];
        std::snprintf(buf, sizeof buf, "score %.0f", lint_.score);
        badge(buf, lint_.score >= 80 ? pal.ok : (lint_.score >= 50 ? pal.warn : pal.bad), true);
    }
    // alternative drafts
    if (!r.drafts.empty()) {
        ImGui::SameLine();
        ImGui::TextColored(pal.muted, "Drafts:");
        for (std::size_t i = 0; i < r.drafts.size(); ++i) {
            ImGui::SameLine();
            ImGui::PushID(static_cast<int>(i));
            if (ImGui::SmallButton(r.drafts[i].label.empty() ? "draft" : r.drafts[i].label.c_str())) replace_text(r.drafts[i].text);
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("%s%s%s", r.drafts[i].text.c_str(), r.drafts[i].private_text.empty() ? "" : "\n\nThen by private message:\n",
                                  r.drafts[i].private_text.c_str());
            ImGui::PopID();
        }
    }

    // the editor is the browser's own <textarea> over this spot (wrapping, spell-check, IME); its input arrives
    // through input_from_field(), Ctrl/Cmd+Enter through submit()
    const float h = std::max(ImGui::GetTextLineHeight() * 4.5f, std::min(150.0f, ImGui::GetContentRegionAvail().y * 0.35f));
    native_text_box(ui, "reply", h, "Write the public reply", "Reply to this mention");
    if (field_value_ != text_) { // changed here (a draft chosen, a fix applied, sent): show it in the box
        platform::set_text_field_value("reply", text_);
        field_value_ = text_;
    }
    if (focus_) {
        platform::focus_text_field("reply");
        focus_ = false;
    }
    if (typed_) {
        typed_ = false;
        ui.actions.typing(r.mention.id);
    }
    if (dirty_) relint(ui, r);
    const bool send = ImGui::Button("Send reply") || submit_;
    submit_ = false;
    if (send && !text_.empty()) {
        ui.actions.send_reply(r.mention.id, text_);
        replace_text("");
    }
    ImGui::SameLine();
    ImGui::TextColored(pal.muted, "%zu chars  \xC2\xB7  Ctrl+Enter sends", text_.size());

    if (!lint_.present) return;
    if (lint_.limit > 0) {
        ImGui::SameLine();
        ImGui::TextColored(lint_.length > lint_.limit ? pal.bad : pal.muted, "\xC2\xB7 %d / %d for %s", lint_.length, lint_.limit,
                           r.mention.platform.c_str());
    }
    // the reply with findings highlighted
    std::vector<Span> spans;
    for (const auto& f : lint_.findings)
        if (f.begin >= 0 && f.end > f.begin)
            spans.push_back({f.begin, f.end, f.severity == "error" ? ImVec4(pal.bad.x, pal.bad.y, pal.bad.z, 0.35f) : ImVec4(pal.warn.x, pal.warn.y, pal.warn.z, 0.35f),
                             f.message});
    // the reply as it will read, with the findings' spans highlighted (a textarea cannot highlight)
    if (!text_.empty()) {
        ImGui::PushStyleColor(ImGuiCol_ChildBg, pal.panel_alt);
        const float wrap = ImGui::GetContentRegionAvail().x - 16;
        const float ph = ImGui::CalcTextSize(text_.c_str(), nullptr, false, wrap).y + ImGui::GetTextLineHeightWithSpacing() * 2;
        ImGui::BeginChild("preview", ImVec2(0, std::min(ph, 160.0f)), true);
        highlighted_text(text_, spans, ImGui::GetContentRegionAvail().x);
        ImGui::EndChild();
        ImGui::PopStyleColor();
    }
    if (lint_.findings.empty()) ImGui::TextColored(pal.ok, "\xE2\x9C\x93 No problems found.");
    int fix_index = -1;
    for (std::size_t i = 0; i < lint_.findings.size(); ++i) {
        const auto& f = lint_.findings[i];
        ImGui::PushID(static_cast<int>(i));
        ImGui::TextColored(f.severity == "error" ? pal.bad : (f.severity == "info" ? pal.muted : pal.warn), "%s",
                           f.severity == "error" ? "\xE2\x9C\x97" : "!");
        ImGui::SameLine();
        ImGui::PushTextWrapPos(ImGui::GetContentRegionAvail().x - (f.has_fix ? 80.0f : 0.0f));
        ImGui::TextUnformatted(f.message.c_str());
        ImGui::PopTextWrapPos();
        if (f.has_fix) {
            ImGui::SameLine();
            if (ImGui::SmallButton(f.fix_label.empty() ? "Fix" : f.fix_label.c_str())) fix_index = static_cast<int>(i);
        }
        ImGui::PopID();
    }
    if (fix_index >= 0) apply_fix(fix_index);
}

} // namespace earshot::widget
