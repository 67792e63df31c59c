#pragma once

#include <string_view>

namespace conform {

// Watches a run as it goes (a progress line, a log): every call has a
// default that does nothing. file_started may come from any worker thread;
// the others come in report order from one thread at a time.
class RunObserver {
 public:
  virtual ~RunObserver() = default;
  // The inputs begin to be read (the schemas are loaded, the reports begun).
  virtual void checking_started() {}
  // A worker started on a file (or a piece of one).
  virtual void file_started() {}
  virtual void file_done() {}
  virtual void input_done() {}
  // Every input is read; what follows is the run's end.
  virtual void checking_done() {}
  // Something to tell the user that is not a result (a path in which no
  // input was found), as one line of plain text; may hold what a path holds,
  // so escape it (escape.hpp) before it goes to a terminal.
  virtual void note(std::string_view) {}
};

}  // namespace conform
