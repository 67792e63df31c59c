#pragma once

namespace conform::io {

// Temporary files (report files being written) that must not outlive the
// process: a second Ctrl-C removes them before it ends it. The path must
// stay valid until forgotten. remember returns false when the table is full.
bool remember_temporary(const char* path) noexcept;
void forget_temporary(const char* path) noexcept;
// Unlinks every file remembered; async-signal-safe (for a signal handler).
void remove_temporaries() noexcept;

}  // namespace conform::io
