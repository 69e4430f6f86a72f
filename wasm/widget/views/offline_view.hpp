#pragma once
// Offline mode's header: drop or paste a CSV/NDJSON file, classify, train on labeled rows, export. Everything runs
// in the page; nothing is sent anywhere. The queue, detail and reply views below work on the loaded records.

#include "ui.hpp"

#include <string>

namespace earshot::widget {

struct OfflineStatus {
    std::string file;
    std::string format;
    int loaded = 0, skipped = 0, labeled = 0, classified = 0;
    std::string message; ///< last result or error, shown to the user
    bool error = false;
    bool classifying = false; ///< a "Classify all" / retrain pass is running (a few ms per frame)
};

class OfflineView {
public:
    /// Returns the command the user chose: "", "classify", "train", "export-ndjson", "export-csv", "open", "clear".
    std::string draw(Ui& ui, const OfflineStatus& status);
};

} // namespace earshot::widget
