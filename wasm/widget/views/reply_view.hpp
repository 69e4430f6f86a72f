#pragma once
// The reply editor: the agent's text, linted as they type (score, highlighted spans, one-click fixes), plus the
// alternative drafts. Ctrl+Enter sends.

#include "ui.hpp"

#include <string>

namespace earshot::widget {

class ReplyView {
public:
    void draw(Ui& ui, Record& r);
    void focus() { focus_ = true; }
    const std::string& text() const { return text_; }
    const LintReport& lint() const { return lint_; }
    /// Replaces the editor text (tests and the accessibility mirror's editor use this).
    void set_text(const std::string& id, std::string text);
    /// What the agent typed into the editor (the "reply-input" command).
    void input_from_field(std::string text);
    /// Ctrl/Cmd+Enter in the editor (the "reply-submit" command): sends on the next frame.
    void submit() { submit_ = true; }
    /// Applies finding `index`'s one-click fix (the button next to it; also the "fix" command).
    bool apply_fix(int index);

private:
    void relint(Ui& ui, const Record& r);
    void replace_text(std::string text);
    std::string field_value_; ///< what the browser's text box holds, as far as we know
    bool typed_ = false;
    bool submit_ = false;
    std::string for_id_;
    std::string text_;
    LintReport lint_;
    bool focus_ = false;
    bool dirty_ = true;
};

} // namespace earshot::widget
