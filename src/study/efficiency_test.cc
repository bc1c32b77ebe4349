#include "study/efficiency.h"

#include <gtest/gtest.h>

#include <cmath>

namespace airgrid::study {
namespace {

using grid::Value;

grid::Criterion Crit(std::string id, grid::Direction d) {
  grid::Criterion c;
  c.label = id;
  c.id = std::move(id);
  c.unit = std::string(1, '1');
  c.direction = d;
  return c;
}

grid::Provenance Prov(grid::ProvenanceKind k) { return {k, "test", "hand-made", ""}; }

// A hand-made grid: base (AVEbsld 10 ± 0.3), a learned policy (4 ± 0.4, 2 ± 0.1 kWh, 3
// parameters, 6 FLOP), a rule (5 ± 0, 0 kWh) and one whose energy is not assessed.
grid::Grid HandMade() {
  grid::Grid g;
  const auto L = grid::Direction::kLowerIsBetter;
  for (const char* id : {"perf.avg_bsld_easy", "env.dev_energy", "expl.parameters", "env.flops_per_job"})
    EXPECT_TRUE(g.AddCriterion(Crit(id, L)).ok());
  for (const char* id : {"fcfs", "learned", "rule", "unknown"}) EXPECT_TRUE(g.AddAlternative({id, id, ""}).ok());
  const auto M = Prov(grid::ProvenanceKind::kMeasured), D = Prov(grid::ProvenanceKind::kDeclared);
  auto set = [&](const char* a, const char* c, Value v) { EXPECT_TRUE(g.Set(a, c, std::move(v)).ok()); };
  set("fcfs", "perf.avg_bsld_easy", Value::Number(10, 0.3, M));
  set("learned", "perf.avg_bsld_easy", Value::Number(4, 0.4, M));
  set("learned", "env.dev_energy", Value::Number(2, 0.1, M));
  set("learned", "expl.parameters", Value::Number(3, 0, D));
  set("learned", "env.flops_per_job", Value::Number(6, 0, D));
  set("rule", "perf.avg_bsld_easy", Value::Number(5, 0, M));
  set("rule", "env.dev_energy", Value::Number(0, 0, D));
  set("unknown", "perf.avg_bsld_easy", Value::Number(8, 1, M));
  set("unknown", "env.dev_energy", Value::NotAssessed("unpublished"));
  return g;
}

const Value& At(const grid::Grid& g, const char* a, const char* c) {
  return g.at(*g.FindAlternative(a), *g.FindCriterion(c));
}

TEST(Efficiency, GainPerKwhWithFirstOrderUncertaintyByHand) {
  grid::Grid g = HandMade();
  ASSERT_TRUE(AddEfficiencyCriteria({}, &g).ok());
  // G = 10 − 4 = 6, u_G = hypot(0.3, 0.4) = 0.5; E = 6 / 2 = 3;
  // u_E = hypot(0.5 / 2, 6 × 0.1 / 4) = hypot(0.25, 0.15) = 0.29155.
  const Value& e = At(g, "learned", "eff.gain_per_dev_kwh");
  ASSERT_TRUE(e.assessed());
  EXPECT_DOUBLE_EQ(e.number(), 3);
  EXPECT_NEAR(e.uncertainty(), 0.2915476, 1e-6);
  EXPECT_EQ(e.provenance().kind, grid::ProvenanceKind::kMeasured);
  // Per parameter: 6 / 3 = 2 ± 0.5 / 3; declared input: modelled.
  const Value& p = At(g, "learned", "eff.gain_per_parameter");
  EXPECT_DOUBLE_EQ(p.number(), 2);
  EXPECT_NEAR(p.uncertainty(), 0.5 / 3, 1e-12);
  EXPECT_EQ(p.provenance().kind, grid::ProvenanceKind::kModelled);
  EXPECT_DOUBLE_EQ(At(g, "learned", "eff.gain_per_flop").number(), 1);
}

TEST(Efficiency, NotAssessedWhenAnInputIsOrTheDivisorIsZero) {
  grid::Grid g = HandMade();
  ASSERT_TRUE(AddEfficiencyCriteria({}, &g).ok());
  const Value& unknown = At(g, "unknown", "eff.gain_per_dev_kwh");
  EXPECT_FALSE(unknown.assessed());
  EXPECT_NE(unknown.reason().find("env.dev_energy of unknown is not assessed"), std::string::npos);
  const Value& rule = At(g, "rule", "eff.gain_per_dev_kwh");
  EXPECT_FALSE(rule.assessed());
  EXPECT_NE(rule.reason().find("undefined, not infinite"), std::string::npos);
  EXPECT_FALSE(At(g, "rule", "eff.gain_per_parameter").assessed());  // parameters not set
  EXPECT_FALSE(At(g, "fcfs", "eff.gain_per_dev_kwh").assessed());    // the baseline
}

TEST(Efficiency, AMissingInputCriterionIsNamed) {
  grid::Grid g;
  ASSERT_TRUE(g.AddAlternative({"fcfs", "FCFS", ""}).ok());
  ASSERT_TRUE(g.AddCriterion(Crit("perf.avg_bsld_easy", grid::Direction::kLowerIsBetter)).ok());
  Status s = AddEfficiencyCriteria({}, &g);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput);
  EXPECT_NE(s.message().find("env.dev_energy"), std::string::npos);
}

}  // namespace
}  // namespace airgrid::study
