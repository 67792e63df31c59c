#pragma once

#include <functional>
#include <string>

#include "conform/capture.hpp"

namespace conform {
namespace io {
class ByteSource;
}

// check_capture (conform/capture.hpp) on a source already opened and sniffed
// by the pipeline: the capture is read through it, never opened again.
void check_capture(const std::string& path, io::ByteSource& source, CaptureFormat format, const Router& router,
                   const Limits& limits, const std::function<void(Result&&)>& emit);

}  // namespace conform
