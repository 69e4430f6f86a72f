#pragma once
// The selected mention: full text with entity highlights, author and reach, triage with its explanation,
// workflow actions (assign / pending / resolve), presence, commitments, earlier replies.

#include "ui.hpp"

namespace earshot::widget {

class DetailView {
public:
    void draw(Ui& ui, Record& r);
};

} // namespace earshot::widget
