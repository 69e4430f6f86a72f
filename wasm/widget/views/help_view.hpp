#pragma once
// Help-page mode: a compact customer-facing panel. The visitor describes the problem; it is classified in the
// page; the matching help answer and an honest expected response time are shown, with known issues from the
// public feed. Personal data is flagged before anything is submitted.

#include "ui.hpp"

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
    void set_text(std::string t) {
        s_.text = std::move(t);
        changed_at_ = 0;
        pending_ = true;
    }

private:
    void analyse(Ui& ui);
    HelpState s_;
    std::int64_t changed_at_ = 0;
    bool pending_ = false;
    bool confirm_pii_ = false;
};

} // namespace earshot::widget
