// The campaign's view of its peers (the edge of the world between processes). A build without
// MPI, or a process not started by mpirun/srun, gets the single-process communicator.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace airgrid::learn {

class Communicator {
 public:
  virtual ~Communicator() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  // Ranks sharing this node (for the default thread count).
  virtual int local_size() const = 0;
  // Rank 0's `values` replace everyone else's.
  virtual void Broadcast(std::vector<int64_t>* values) = 0;
  // Concatenation of every rank's `mine`, in rank order, on rank 0 (others get an empty vector).
  virtual std::vector<double> GatherToRoot(const std::vector<double>& mine) = 0;
  // Sum over ranks, on every rank.
  virtual int64_t SumAll(int64_t v) = 0;
  virtual std::string Describe() const = 0;
};

// The single-process communicator.
Communicator& SingleProcess();

// MPI_COMM_WORLD when this binary has MPI and was launched by an MPI starter (OpenMPI, MPICH,
// Slurm PMI/PMIx environment variables); initializes MPI once and finalizes it at exit.
// Otherwise SingleProcess().
Communicator& World();

}  // namespace airgrid::learn
