#include <malloc.h>

#include "app.hpp"

int main(int argc, char** argv) {
  // No fastbins: a batch frees its plan (hundreds of thousands of small blocks) at once, and
  // the next large allocation then consolidated every one of them: 4% of a 200,000-user add.
  mallopt(M_MXFAST, 0);
  return acctctl::cli::run(argc, argv);
}
