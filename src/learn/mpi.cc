#include "learn/mpi.h"

#include <cstdlib>
#include <thread>

#ifdef AIRGRID_HAVE_MPI
#include <mpi.h>
#endif

#include <fmt/format.h>

namespace airgrid::learn {
namespace {

class Single : public Communicator {
 public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  int local_size() const override { return 1; }
  void Broadcast(std::vector<int64_t>*) override {}
  std::vector<double> GatherToRoot(const std::vector<double>& mine) override { return mine; }
  int64_t SumAll(int64_t v) override { return v; }
  std::string Describe() const override { return "single process"; }
};

bool LaunchedByMpiStarter() {
  for (const char* var : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "MPI_LOCALNRANKS"}) {
    if (std::getenv(var) != nullptr) return true;
  }
  return false;
}

#ifdef AIRGRID_HAVE_MPI
class Mpi : public Communicator {
 public:
  Mpi() {
    int initialized = 0;
    MPI_Initialized(&initialized);
    if (!initialized) {
      int provided = 0;
      MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
      std::atexit([] {
        int finalized = 0;
        MPI_Finalized(&finalized);
        if (!finalized) MPI_Finalize();
      });
    }
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
    MPI_Comm node;
    MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank_, MPI_INFO_NULL, &node);
    MPI_Comm_size(node, &local_size_);
    MPI_Comm_free(&node);
  }
  int rank() const override { return rank_; }
  int size() const override { return size_; }
  int local_size() const override { return local_size_; }
  void Broadcast(std::vector<int64_t>* values) override {
    int64_t n = static_cast<int64_t>(values->size());
    MPI_Bcast(&n, 1, MPI_INT64_T, 0, MPI_COMM_WORLD);
    values->resize(static_cast<size_t>(n));
    if (n > 0) MPI_Bcast(values->data(), static_cast<int>(n), MPI_INT64_T, 0, MPI_COMM_WORLD);
  }
  std::vector<double> GatherToRoot(const std::vector<double>& mine) override {
    int count = static_cast<int>(mine.size());
    std::vector<int> counts(static_cast<size_t>(size_)), displs(static_cast<size_t>(size_));
    MPI_Gather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
    std::vector<double> all;
    if (rank_ == 0) {
      int total = 0;
      for (int r = 0; r < size_; ++r) {
        displs[static_cast<size_t>(r)] = total;
        total += counts[static_cast<size_t>(r)];
      }
      all.resize(static_cast<size_t>(total));
    }
    MPI_Gatherv(mine.data(), count, MPI_DOUBLE, all.data(), counts.data(), displs.data(),
                MPI_DOUBLE, 0, MPI_COMM_WORLD);
    return all;
  }
  int64_t SumAll(int64_t v) override {
    int64_t sum = 0;
    MPI_Allreduce(&v, &sum, 1, MPI_INT64_T, MPI_SUM, MPI_COMM_WORLD);
    return sum;
  }
  std::string Describe() const override {
    return fmt::format("MPI rank {} of {} ({} on this node)", rank_, size_, local_size_);
  }

 private:
  int rank_ = 0, size_ = 1, local_size_ = 1;
};
#endif

}  // namespace

Communicator& SingleProcess() {
  static Single single;
  return single;
}

Communicator& World() {
#ifdef AIRGRID_HAVE_MPI
  if (LaunchedByMpiStarter()) {
    static Mpi mpi;
    return mpi;
  }
#else
  (void)LaunchedByMpiStarter;
#endif
  return SingleProcess();
}

}  // namespace airgrid::learn
