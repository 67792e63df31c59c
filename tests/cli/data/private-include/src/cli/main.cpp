#include "conform/run.hpp"
#include "pipeline/pipeline.hpp"

int main() { return 0; }
