// Responsible AI criteria the talk names beyond reproducibility and acceptability: privacy and
// data control, and security (what an adversarial user can gain by gaming the policy). Both are
// ordinal (rubric criteria "privacy" and "security" of data/rubric.json); the study sets a
// default level per policy with its rationale, declared and editable in grid-input.json like
// the other rubric criteria.
#pragma once

#include <string>
#include <vector>

#include "airgrid/base/status.h"
#include "airgrid/grid/grid.h"
#include "airgrid/study/study_grid.h"

namespace airgrid::study {

struct ResponsibleInput {
  const std::vector<PolicyResult>& policies;  // already alternatives of the grid
  std::string training_data;  // what the learned policies were trained on, for the rationale
  std::string tool;           // provenance "by"
};

// Adds the criteria "rai.privacy" and "rai.security" and each policy's default level.
Status AddResponsibleCriteria(const ResponsibleInput& in, grid::Grid* g);

}  // namespace airgrid::study
