#include "offline_view.hpp"

#include <cstdio>

namespace earshot::widget {

std::string OfflineView::draw(Ui& ui, const OfflineStatus& st) {
    const auto& pal = ui.pal;
    std::string cmd;
    ImGui::PushStyleColor(ImGuiCol_ChildBg, pal.panel_alt);
    ImGui::BeginChild("dropzone", ImVec2(0, ImGui::GetTextLineHeightWithSpacing() * 3.2f), true, ImGuiWindowFlags_NoScrollbar);
    if (st.file.empty()) {
        ImGui::TextUnformatted("Drop a CSV or NDJSON file of mentions here, paste it (Ctrl+V), or");
        ImGui::SameLine();
        if (ImGui::SmallButton("open a file")) cmd = "open";
        ImGui::TextColored(pal.muted, "CSV needs a text column (id, author, created_at, followers, label are optional). Nothing leaves this page.");
    } else {
        ImGui::Text("%s", st.file.c_str());
        ImGui::SameLine();
        ImGui::TextColored(pal.muted, "(%s) \xC2\xB7 %d mentions \xC2\xB7 %d labeled \xC2\xB7 %d classified%s", st.format.c_str(), st.loaded, st.labeled,
                           st.classified, st.skipped ? " \xC2\xB7 some rows skipped" : "");
        if (ui.engine.can_classify() && ImGui::SmallButton("Classify all")) cmd = "classify";
        if (ui.engine.can_classify()) ImGui::SameLine();
        if (ui.engine.can_train()) {
            ImGui::BeginDisabled(st.labeled < 2);
            if (ImGui::SmallButton("Train on labeled rows")) cmd = "train";
            ImGui::EndDisabled();
            ImGui::SameLine();
        }
        if (ImGui::SmallButton("Export NDJSON")) cmd = "export-ndjson";
        ImGui::SameLine();
        if (ImGui::SmallButton("Export CSV")) cmd = "export-csv";
        ImGui::SameLine();
        if (ImGui::SmallButton("Open another")) cmd = "open";
        ImGui::SameLine();
        if (ImGui::SmallButton("Clear")) cmd = "clear";
    }
    if (ui.engine.can_classify() && st.loaded > 0 && st.classified < st.loaded) {
        // classification runs a few ms per frame: show how far it is
        char label[64];
        std::snprintf(label, sizeof label, "classifying %d / %d", st.classified, st.loaded);
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_PlotHistogram, pal.accent);
        ImGui::ProgressBar(static_cast<float>(st.classified) / static_cast<float>(st.loaded), ImVec2(ImGui::GetFontSize() * 14, 0), label);
        ImGui::PopStyleColor();
    }
    if (!st.message.empty()) {
        ImGui::SameLine();
        ImGui::TextColored(st.error ? pal.bad : pal.ok, "%s", st.message.c_str());
    }
    ImGui::EndChild();
    ImGui::PopStyleColor();
    return cmd;
}

} // namespace earshot::widget
