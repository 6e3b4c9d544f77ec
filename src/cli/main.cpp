#include "app.hpp"

int main(int argc, char** argv) {
  return acctctl::cli::run(argc, argv);
}
