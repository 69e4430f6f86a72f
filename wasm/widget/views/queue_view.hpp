#pragma once
// The queue: filters, search and a clipped table of mentions sorted by reply deadline or urgency.

#include "ui.hpp"

namespace earshot::widget {

class QueueView {
public:
    void draw(Ui& ui);
    void focus_search() { focus_search_ = true; }
    void scroll_to_selection() { scroll_to_selected_ = true; }

private:
    void draw_filters(Ui& ui);
    char search_[256] = {};
    bool focus_search_ = false;
    bool scroll_to_selected_ = false;
};

} // namespace earshot::widget
