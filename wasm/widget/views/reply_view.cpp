#include "reply_view.hpp"

#include <algorithm>
#include <cstdio>

namespace earshot::widget {

namespace {
int resize_cb(ImGuiInputTextCallbackData* data) {
    if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
        auto* s = static_cast<std::string*>(data->UserData);
        s->resize(static_cast<std::size_t>(data->BufTextLen));
        data->Buf = s->data();
    }
    return 0;
}
} // namespace

void ReplyView::set_text(const std::string& id, std::string text) {
    for_id_ = id;
    text_ = std::move(text);
    dirty_ = true;
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
        text_ = r.drafts.empty() ? std::string() : r.drafts.front().text;
        dirty_ = true;
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
            if (ImGui::SmallButton(r.drafts[i].label.empty() ? "draft" : r.drafts[i].label.c_str())) {
                text_ = r.drafts[i].text;
                dirty_ = true;
            }
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", r.drafts[i].text.c_str());
            ImGui::PopID();
        }
    }

    if (focus_) {
        ImGui::SetKeyboardFocusHere();
        focus_ = false;
    }
    const float h = std::max(ImGui::GetTextLineHeight() * 4.5f, std::min(150.0f, ImGui::GetContentRegionAvail().y * 0.35f));
    if (ImGui::InputTextMultiline("##reply", text_.data(), text_.capacity() + 1, ImVec2(-1, h), ImGuiInputTextFlags_CallbackResize,
                                  resize_cb, &text_)) {
        dirty_ = true;
        ui.actions.typing(r.mention.id);
    }
    const bool editing = ImGui::IsItemActive();
    if (dirty_) relint(ui, r);
    const bool send = ImGui::Button("Send reply") || (editing && ImGui::GetIO().KeyCtrl && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter)));
    if (send && !text_.empty()) {
        ui.actions.send_reply(r.mention.id, text_);
        text_.clear();
        dirty_ = true;
    }
    ImGui::SameLine();
    ImGui::TextColored(pal.muted, "%zu chars  \xC2\xB7  Ctrl+Enter sends", text_.size());

    if (!ui.engine.can_lint()) {
        ImGui::TextDisabled("Live reply checks need the drafting core, which this build does not include yet.");
        return;
    }
    if (!lint_.present) return;
    // the reply with findings highlighted
    std::vector<Span> spans;
    for (const auto& f : lint_.findings)
        if (f.begin >= 0 && f.end > f.begin)
            spans.push_back({f.begin, f.end, f.severity == "error" ? ImVec4(pal.bad.x, pal.bad.y, pal.bad.z, 0.35f) : ImVec4(pal.warn.x, pal.warn.y, pal.warn.z, 0.35f),
                             f.message});
    if (!spans.empty()) highlighted_text(text_, spans, ImGui::GetContentRegionAvail().x);
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
    if (fix_index >= 0) {
        const auto& f = lint_.findings[static_cast<std::size_t>(fix_index)];
        if (f.begin >= 0 && f.end >= f.begin && static_cast<std::size_t>(f.end) <= text_.size())
            text_.replace(static_cast<std::size_t>(f.begin), static_cast<std::size_t>(f.end - f.begin), f.fix);
        else
            text_ += f.fix;
        dirty_ = true;
    }
}

} // namespace earshot::widget
