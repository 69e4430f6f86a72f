#include "help_view.hpp"

#include "../platform.hpp"

#include <algorithm>
#include <cstdio>

namespace earshot::widget {

namespace {
std::string expected_response(int minutes) {
    if (minutes <= 0) return {};
    if (minutes < 60) return "within " + std::to_string(minutes) + " minutes";
    if (minutes < 24 * 60) {
        const int h = (minutes + 59) / 60;
        return "within " + std::to_string(h) + (h == 1 ? " hour" : " hours");
    }
    const int d = (minutes + 24 * 60 - 1) / (24 * 60);
    return "within " + std::to_string(d) + (d == 1 ? " day" : " days");
}
} // namespace

void HelpView::analyse(Ui& ui) {
    pending_ = false;
    s_.classified = s_.text;
    s_.submitted = false;
    if (ui.engine.can_detect_pii()) s_.pii = ui.engine.detect_pii(s_.text);
    if (ui.engine.can_classify() && !s_.text.empty()) {
        Mention m;
        m.text = s_.text;
        m.platform = "help";
        m.created_at_ms = ui.now_ms;
        s_.triage = ui.engine.classify(m, ui.now_ms);
        s_.answer = ui.engine.help_for(s_.triage);
    } else {
        s_.triage = {};
        s_.answer = {};
    }
}

void HelpView::draw(Ui& ui) {
    const auto& pal = ui.pal;
    ImGui::PushFont(ui.fonts.heading);
    ImGui::TextUnformatted("How can we help?");
    ImGui::PopFont();
    ImGui::PushStyleColor(ImGuiCol_Text, pal.muted);
    ImGui::TextWrapped("Describe the problem. It is checked right here in your browser; nothing is sent until you press Send.");
    ImGui::PopStyleColor();
    // The text box is the browser's own <textarea> laid over this spot; its input arrives through input_from_field().
    native_text_box(ui, "help", std::max(ImGui::GetTextLineHeight() * 4.5f, std::min(140.0f, ImGui::GetContentRegionAvail().y * 0.3f)),
                    "e.g. My bag did not arrive on flight AB123", "Describe your problem");
    if (field_value_ != s_.text) { // the widget changed it (set_text, "Remove it for me"): show that in the box
        platform::set_text_field_value("help", s_.text);
        field_value_ = s_.text;
    }
    if (pending_ && ui.now_ms - changed_at_ >= 250) analyse(ui);

    // personal data warning
    if (!s_.pii.empty()) {
        std::vector<Span> spans;
        for (const auto& e : s_.pii) spans.push_back({e.begin, e.end, ImVec4(pal.bad.x, pal.bad.y, pal.bad.z, 0.35f), e.type});
        // as tall as its content, so the answer and the Send button stay in view below it
        const float pad = ImGui::GetStyle().WindowPadding.x;
        begin_box(pad);
        ImGui::TextColored(pal.bad, "Personal data found: please don't post it publicly.");
        std::string kinds;
        for (const auto& e : s_.pii) kinds += (kinds.empty() ? "" : ", ") + e.type;
        ImGui::TextColored(pal.muted, "%s", kinds.c_str());
        highlighted_text(s_.text, spans, ImGui::GetContentRegionAvail().x - pad);
        if (ImGui::Button("Remove it for me")) {
            std::vector<Entity> sorted = s_.pii;
            std::sort(sorted.begin(), sorted.end(), [](const Entity& a, const Entity& b) { return a.begin > b.begin; });
            for (const auto& e : sorted)
                if (e.begin >= 0 && e.end <= static_cast<int>(s_.text.size()) && e.end > e.begin)
                    s_.text.replace(static_cast<std::size_t>(e.begin), static_cast<std::size_t>(e.end - e.begin), "[" + e.type + " removed]");
            analyse(ui);
        }
        end_box(ImVec4(pal.bad.x, pal.bad.y, pal.bad.z, 0.08f), pad);
    }

    // the answer
    if (!s_.classified.empty()) {
        if (!ui.engine.can_classify()) {
            ImGui::PushStyleColor(ImGuiCol_Text, pal.muted);
            ImGui::TextWrapped("This build cannot classify in the browser yet; your message will be read by a person.");
            ImGui::PopStyleColor();
        } else if (s_.triage.present) {
            ImGui::Spacing();
            ImGui::TextColored(pal.muted, "This looks like:");
            ImGui::SameLine();
            badge(s_.triage.category_label.c_str(), pal.accent, true);
            if (s_.answer.present) {
                const float pad = ImGui::GetStyle().WindowPadding.x;
                begin_box(pad);
                ImGui::PushFont(ui.fonts.heading);
                ImGui::TextWrapped("%s", s_.answer.title.c_str());
                ImGui::PopFont();
                ImGui::TextWrapped("%s", s_.answer.body.c_str());
                if (!s_.answer.url.empty()) ImGui::TextColored(pal.accent, "%s", s_.answer.url.c_str());
                end_box(pal.panel_alt, pad);
            }
            const auto eta = expected_response(s_.triage.respond_within_minutes);
            if (!eta.empty()) ImGui::TextWrapped("If you still need us, a person usually answers messages like this %s.", eta.c_str());
        }
        const bool has_pii = !s_.pii.empty();
        if (s_.submitted) ImGui::TextColored(pal.ok, "\xE2\x9C\x93 Sent. We'll get back to you.");
        else if (ImGui::Button(has_pii && !confirm_pii_ ? "Send..." : "Send to support")) {
            if (has_pii && !confirm_pii_) confirm_pii_ = true;
            else {
                ui.actions.send_reply("", s_.text); // help mode: submit the visitor's message
                s_.submitted = true;
            }
        }
        if (confirm_pii_ && !s_.submitted) {
            ImGui::SameLine();
            ImGui::TextColored(pal.bad, "It still contains personal data. Press again to send anyway.");
        }
    }

    // known issues from the public feed
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::TextColored(pal.muted, "Known issues right now");
    if (ui.model.known_issues.empty()) ImGui::TextDisabled("None reported.");
    for (const auto& k : ui.model.known_issues) {
        ImGui::TextColored(pal.warn, "\xE2\x97\x8F");
        ImGui::SameLine();
        ImGui::TextWrapped("%s", k.c_str());
    }
}

} // namespace earshot::widget
