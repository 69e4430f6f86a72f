#pragma once
// Help-page mode: a compact customer-facing panel. The visitor describes the problem; it is classified in the
// page; the matching help answer and an honest expected response time are shown, with known issues from the
// public feed. Personal data is flagged before anything is submitted.

#include "ui.hpp"

#include <cstdint>
#include <string>

namespace earshot::widget {

struct HelpState {
    std::string text;          ///< what the visitor typed
    std::string classified;    ///< the text the current result is for
    Triage triage;
    HelpAnswer answer;
    std::vector<Entity> pii;
    bool submitted = false;
    std::string submit_error;
};

class HelpView {
public:
    void draw(Ui& ui);
    HelpState& state() { return s_; }
    /// Sets the visitor's text programmatically (the "help-text" command): analysed at once, shown in the text box.
    void set_text(std::string t) {
        s_.text = std::move(t);
        changed_at_ = 0;
        pending_ = true;
    }
    /// What the visitor typed into the text box (the "help-input" command): analysed after a short pause.
    void input_from_field(std::string t, std::int64_t now_ms) {
        if (t == s_.text) return;
        s_.text = std::move(t);
        field_value_ = s_.text;
        changed_at_ = now_ms;
        pending_ = true;
        confirm_pii_ = false;
    }

private:
    void analyse(Ui& ui);
    HelpState s_;
    std::int64_t changed_at_ = 0;
    bool pending_ = false;
    bool confirm_pii_ = false;
    std::string field_value_; ///< what the browser's text box holds, as far as we know
};

} // namespace earshot::widget
