#pragma once

namespace earshot {

/// Semantic version of the earshot core, shared by the CLI, the server and the wasm module.
inline constexpr const char* kVersion = "0.1.0";

} // namespace earshot
