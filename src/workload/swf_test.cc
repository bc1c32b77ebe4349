#include "airgrid/workload/swf.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <string>

#include "airgrid/base/atomic_file.h"
#include "workload/gzip.h"

namespace airgrid::workload {
namespace {

const std::string kShared = AIRGRID_SHARED_DIR;

std::string TempPath(const std::string& leaf) {
  return (std::filesystem::temp_directory_path() /
          ("airgrid_swf_" + std::to_string(::getpid()) + "_" + leaf))
      .string();
}

constexpr const char* kSmall =
    "; Version: 2.2\n"
    "; MaxNodes: 338 (batch partition; 512 total)\n"
    "; MaxProcs: 1664 (72,1368,224)\n"
    ";   free text continuation: with a colon later\n"
    "; Information: http://www.cs.huji.ac.il/labs/parallel/workload/\n"
    "; UnixStartTime: 893466664\n"
    "; TimeZoneString: US/Pacific\n"
    "\n"
    "1 0 5 100 4 95.5 -1 4 3600 -1 1 7 2 -1 3 -1 -1 -1\n"
    "  2   10  -1  -1  -1  -1  -1  8  600  2048.25  5  8  2  12  1  1  1  30\r\n"
    "3 10 0 3600.0 1 -1 -1 -1 -1 -1 0 7 -1 -1 -1 -1 -1 -1";

TEST(ParseSwf, ReadsAllEighteenFieldsHeaderAndMissingValues) {
  Result<Workload> r = ParseSwf(kSmall, "small.swf");
  ASSERT_TRUE(r.ok()) << r.status().message();
  const Workload& w = r.value();
  EXPECT_EQ(w.source, "small.swf");
  EXPECT_EQ(w.header.max_procs, 1664);
  EXPECT_EQ(w.header.max_nodes, 338);
  EXPECT_EQ(w.header.unix_start_time, 893466664);
  EXPECT_EQ(w.header.time_zone_string, "US/Pacific");
  EXPECT_EQ(w.machine_procs, 1664);  // MaxProcs wins over MaxNodes
  ASSERT_EQ(w.header.fields.size(), 7u);
  EXPECT_EQ(w.header.fields[1].first, "MaxNodes");
  EXPECT_EQ(w.header.fields[1].second, "338 (batch partition; 512 total)");
  EXPECT_EQ(w.header.fields[3].first, "");  // continuation line: no label
  EXPECT_EQ(w.header.fields[3].second, "   free text continuation: with a colon later");
  EXPECT_EQ(w.header.fields[4].first, "Information");
  ASSERT_EQ(w.jobs.size(), 3u);
  const Job& a = w.jobs[0];
  EXPECT_EQ(a.id, 1);
  EXPECT_EQ(a.submit, 0);
  const SwfExtra& ax = w.extra[0];
  EXPECT_EQ(ax.wait, 5);
  EXPECT_EQ(a.runtime, 100);
  EXPECT_EQ(a.alloc_procs, 4);
  EXPECT_DOUBLE_EQ(ax.avg_cpu, 95.5);
  EXPECT_EQ(ax.used_mem, -1);
  EXPECT_EQ(a.req_procs, 4);
  EXPECT_EQ(a.req_time, 3600);
  EXPECT_EQ(ax.status, 1);
  EXPECT_EQ(a.user, 7);
  EXPECT_EQ(ax.group, 2);
  EXPECT_EQ(ax.queue, 3);
  EXPECT_EQ(a.procs, -1);  // unfiltered
  EXPECT_EQ(a.estimate, -1);
  const Job& b = w.jobs[1];
  EXPECT_EQ(b.runtime, -1);
  EXPECT_EQ(b.alloc_procs, -1);
  ASSERT_EQ(w.extra.size(), w.jobs.size());
  const SwfExtra& bx = w.extra[1];
  EXPECT_DOUBLE_EQ(bx.req_mem, 2048.25);
  EXPECT_EQ(bx.executable, 12);
  EXPECT_EQ(bx.partition, 1);
  EXPECT_EQ(bx.preceding, 1);
  EXPECT_EQ(bx.think_time, 30);
  EXPECT_EQ(w.jobs[2].runtime, 3600);  // "3600.0" in an integer field is read as 3600
}

TEST(ParseSwf, MachineSizeFromOptionThenMaxProcsThenMaxNodes) {
  const std::string job = "1 0 -1 10 1 -1 -1 1 10 -1 1 1 1 -1 -1 -1 -1 -1\n";
  SwfReadOptions opt;
  opt.procs = 64;
  EXPECT_EQ(ParseSwf("; MaxProcs: 128\n" + job, "a", opt)->machine_procs, 64);
  EXPECT_EQ(ParseSwf("; MaxNodes: 256\n" + job, "a")->machine_procs, 256);
  Result<Workload> none = ParseSwf(job, "nohdr.swf");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), Status::Code::kInvalidInput);
  EXPECT_NE(none.status().message().find("nohdr.swf"), std::string::npos);
  EXPECT_NE(none.status().message().find("--procs"), std::string::npos);
}

struct BadCase {
  const char* text;
  const char* expected;  // substring of the message
};

TEST(ParseSwf, MalformedInputNamesFileLineFieldAndExpectation) {
  const std::string hdr = "; MaxProcs: 8\n";
  const BadCase cases[] = {
      {"1 0 -1 10 1 -1 -1 1 10 -1 1 1 1 -1 -1 -1 -1\n",
       "bad.swf:2: expected 18 fields, found 17 (field 18, think time, is missing)"},
      {"1 0 -1 10 1 -1 -1 1 10 -1 1 1 1 -1 -1 -1 -1 -1 7\n", "bad.swf:2: expected 18 fields, found 19"},
      {"1 0 -1 1x0 1 -1 -1 1 10 -1 1 1 1 -1 -1 -1 -1 -1\n",
       "bad.swf:2: field 4 (run time): expected an integer (or -1 if missing), found \"1x0\""},
      {"1 0 -1 10 1 abc -1 1 10 -1 1 1 1 -1 -1 -1 -1 -1\n",
       "bad.swf:2: field 6 (average CPU time): expected a number"},
      {"1 -5 -1 10 1 -1 -1 1 10 -1 1 1 1 -1 -1 -1 -1 -1\n",
       "bad.swf:2: field 2 (submit time): expected a submit time >= 0, found -5"},
      {"1 50 -1 10 1 -1 -1 1 10 -1 1 1 1 -1 -1 -1 -1 -1\n"
       "2 40 -1 10 1 -1 -1 1 10 -1 1 1 1 -1 -1 -1 -1 -1\n",
       "bad.swf:3: field 2 (submit time): expected submit times in non-decreasing order, found 40 "
       "after 50 (line 2)"},
      {"1 0 -1 10 99999999999 -1 -1 1 10 -1 1 1 1 -1 -1 -1 -1 -1\n",
       "bad.swf:2: field 5 (allocated processors): value \"99999999999\" out of range"},
      {"1 0 -1 10 1 nan -1 1 10 -1 1 1 1 -1 -1 -1 -1 -1\n", "field 6 (average CPU time)"},
  };
  for (const BadCase& c : cases) {
    Result<Workload> r = ParseSwf(hdr + c.text, "bad.swf");
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_EQ(r.status().code(), Status::Code::kInvalidInput);
    EXPECT_NE(r.status().message().find(c.expected), std::string::npos)
        << "message: " << r.status().message() << "\nexpected: " << c.expected;
  }
}

TEST(ParseSwf, ReadsGzipAndRejectsTruncatedGzip) {
  const std::string text = std::string(kSmall) + "\n";
  Result<std::string> gz = GzipString(text);
  ASSERT_TRUE(gz.ok());
  Result<Workload> r = ParseSwf(gz.value(), "small.swf.gz");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->jobs.size(), 3u);
  // Two concatenated members read as one stream, like gzip -dc does.
  Result<Workload> twice = ParseSwf(gz.value() + GzipString("; Note: second member\n").value(), "x.gz");
  ASSERT_TRUE(twice.ok()) << twice.status().message();
  EXPECT_EQ(twice->header.fields.back().first, "Note");
  for (size_t cut : {gz->size() - 1, gz->size() - 8, gz->size() / 2, size_t{12}}) {
    Result<Workload> t = ParseSwf(std::string_view(gz.value()).substr(0, cut), "cut.swf.gz");
    ASSERT_FALSE(t.ok()) << "cut at " << cut;
    EXPECT_NE(t.status().message().find("cut.swf.gz"), std::string::npos);
    EXPECT_NE(t.status().message().find("gzip"), std::string::npos) << t.status().message();
  }
}

TEST(ParseSwf, DecompressesOnlyOnce) {
  // A gzip inside a gzip is not an SWF file (and a gzip "quine" must not recurse forever).
  Result<std::string> inner = GzipString(std::string(kSmall) + "\n");
  ASSERT_TRUE(inner.ok());
  Result<std::string> outer = GzipString(inner.value());
  ASSERT_TRUE(outer.ok());
  Result<Workload> r = ParseSwf(outer.value(), "nested.swf.gz");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kInvalidInput);
  EXPECT_EQ(r.status().message().rfind("nested.swf.gz:1:", 0), 0u) << r.status().message();
}

TEST(ReadSwf, MissingFileIsNotFound) {
  Result<Workload> r = ReadSwf("/nonexistent/dir/trace.swf");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kNotFound);
}

TEST(WriteSwf, RoundTripsFieldByFieldAndAddsMaxProcs) {
  Result<Workload> r = ParseSwf(std::string("; MaxNodes: 16\n") +
                                    "1 0 5 100 4 95.125 1e-3 4 3600 -1 1 7 2 -1 3 -1 -1 -1\n",
                                "s.swf");
  ASSERT_TRUE(r.ok()) << r.status().message();
  const std::string text = FormatSwf(r.value());
  EXPECT_EQ(text,
            "; MaxNodes: 16\n; MaxProcs: 16\n"
            "1 0 5 100 4 95.125 0.001 4 3600 -1 1 7 2 -1 3 -1 -1 -1\n");
}

void ExpectSameJobs(const Workload& a, const Workload& b) {
  ASSERT_EQ(a.jobs.size(), b.jobs.size());
  ASSERT_EQ(a.extra.size(), a.jobs.size());
  ASSERT_EQ(b.extra.size(), b.jobs.size());
  for (size_t i = 0; i < a.jobs.size(); ++i) {
    const Job& x = a.jobs[i];
    const Job& y = b.jobs[i];
    const SwfExtra& xe = a.extra[i];
    const SwfExtra& ye = b.extra[i];
    ASSERT_TRUE(x.id == y.id && x.submit == y.submit && xe.wait == ye.wait &&
                x.runtime == y.runtime && x.alloc_procs == y.alloc_procs &&
                xe.avg_cpu == ye.avg_cpu && xe.used_mem == ye.used_mem &&
                x.req_procs == y.req_procs && x.req_time == y.req_time &&
                xe.req_mem == ye.req_mem && xe.status == ye.status && x.user == y.user &&
                xe.group == ye.group && xe.executable == ye.executable &&
                xe.queue == ye.queue && xe.partition == ye.partition &&
                xe.preceding == ye.preceding && xe.think_time == ye.think_time)
        << "job index " << i << " (id " << x.id << ")";
  }
}

TEST(WriteSwf, RealTraceRoundTripPlainAndGzip) {
  const std::string path = kShared + "/traces/SDSC-SP2-1998-4.2-cln.swf.gz";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " absent";
  Result<Workload> original = ReadSwf(path);
  ASSERT_TRUE(original.ok()) << original.status().message();
  EXPECT_EQ(original->jobs.size(), 59715u);
  EXPECT_EQ(original->machine_procs, 128);
  for (const char* leaf : {"rt.swf", "rt.swf.gz"}) {
    const std::string out = TempPath(leaf);
    ASSERT_TRUE(WriteSwf(original.value(), out).ok());
    Result<std::string> bytes = ReadFile(out);
    ASSERT_TRUE(bytes.ok());
    EXPECT_EQ(LooksGzipped(bytes.value()), std::string(leaf).ends_with(".gz"));
    Result<Workload> again = ReadSwf(out);
    std::remove(out.c_str());
    ASSERT_TRUE(again.ok()) << again.status().message();
    EXPECT_EQ(again->machine_procs, 128);
    EXPECT_EQ(again->header.fields, original->header.fields);  // the header has MaxProcs already
    ExpectSameJobs(original.value(), again.value());
  }
}

TEST(ReadSwf, RealTracesMatchTheirPublishedCounts) {
  struct Trace {
    const char* file;
    size_t jobs;
    int procs;
  };
  for (const Trace& t : {Trace{"HPC2N-2002-2.2-cln.swf.gz", 202871, 240},
                         Trace{"KTH-SP2-1996-2.1-cln.swf.gz", 28476, 100},
                         Trace{"lublin_256.swf", 10000, 256}}) {
    const std::string path = kShared + "/traces/" + t.file;
    if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " absent";
    Result<Workload> w = ReadSwf(path);
    ASSERT_TRUE(w.ok()) << w.status().message();
    EXPECT_EQ(w->jobs.size(), t.jobs) << t.file;
    EXPECT_EQ(w->machine_procs, t.procs) << t.file;
  }
}

TEST(ParseSwf, ImpossibleRecordsSuggestSkipAndAreSkippedAndCountedOnRequest) {
  const std::string text =
      "; MaxProcs: 8\n"
      "1 -1 -1 10 1 -1 -1 1 10 -1 1 1 1 -1 -1 -1 -1 -1\n"
      "2 50 -1 10 1 -1 -1 1 10 -1 1 1 1 -1 -1 -1 -1 -1\n"
      "3 -1 -1 10 1 -1 -1 1 10 -1 1 1 1 -1 -1 -1 -1 -1\n"
      "4 40 -1 10 1 -1 -1 1 10 -1 1 1 1 -1 -1 -1 -1 -1\n"
      "5 60 -1 10 1 -1 -1 1 10 -1 1 1 1 -1 -1 -1 -1 -1\n";
  Result<Workload> strict = ParseSwf(text, "t.swf");
  ASSERT_FALSE(strict.ok());
  EXPECT_NE(strict.status().message().find("t.swf:2: field 2 (submit time): expected a submit "
                                           "time >= 0, found -1; to leave such records out, "
                                           "read with --invalid skip"),
            std::string::npos)
      << strict.status().message();
  SwfReadOptions skip;
  skip.invalid = InvalidRecords::kSkip;
  Result<Workload> w = ParseSwf(text, "t.swf", skip);
  ASSERT_TRUE(w.ok()) << w.status().message();
  ASSERT_EQ(w->jobs.size(), 2u);
  EXPECT_EQ(w->jobs[0].id, 2);
  EXPECT_EQ(w->jobs[1].id, 5);
  const std::map<std::string, int64_t> want = {{"submit time < 0", 2},
                                               {"submit time before the previous record's", 1}};
  EXPECT_EQ(w->skipped, want);
  EXPECT_EQ(DescribeSkipped(*w), "3 records skipped (submit time < 0: 2, submit time before the "
                                 "previous record's: 1)");
  EXPECT_TRUE(ParseSwf(text.substr(0, text.find("\n1 ")) + "\n", "t.swf", skip).status().code() ==
              Status::Code::kInvalidInput);  // no job line at all
  EXPECT_EQ(ParseInvalidRecords("skip").value(), InvalidRecords::kSkip);
  EXPECT_EQ(ParseInvalidRecords("error").value(), InvalidRecords::kError);
  EXPECT_FALSE(ParseInvalidRecords("drop").ok());
}

// The archive traces that a default read refuses (../shared/traces-more/README.md): LLNL-Thunder
// with --invalid skip, RICC and METACENTRUM with --procs (they have no header).
TEST(ReadSwf, HarderArchiveTracesParseWithSkipOrProcs) {
  const std::string dir = kShared + "/traces-more/";
  const std::string llnl = dir + "LLNL-Thunder-2007-1.1-cln.swf.gz";
  if (!std::filesystem::exists(llnl)) GTEST_SKIP() << llnl << " absent";
  EXPECT_FALSE(ReadSwf(llnl).ok());
  SwfReadOptions skip;
  skip.invalid = InvalidRecords::kSkip;
  Result<Workload> w = ReadSwf(llnl, skip);
  ASSERT_TRUE(w.ok()) << w.status().message();
  EXPECT_EQ(w->jobs.size(), 121039u - 1190u);
  EXPECT_EQ(w->machine_procs, 4008);
  EXPECT_EQ(w->skipped.at("submit time < 0"), 1190);
  for (const char* leaf : {"RICC-2010-2.swf.gz", "METACENTRUM-2009-2.swf.gz"}) {
    Result<Workload> no_size = ReadSwf(dir + leaf);
    ASSERT_FALSE(no_size.ok()) << leaf;
    EXPECT_NE(no_size.status().message().find("give the number of processors with --procs N"),
              std::string::npos);
    // The widest job (max of fields 5 and 8) is named as a lower bound.
    const std::string widest = std::string(leaf).starts_with("RICC") ? "8192" : "60";
    EXPECT_NE(no_size.status().message().find("the widest job in the file uses " + widest + ")"),
              std::string::npos)
        << no_size.status().message();
  }
}

TEST(ReadSwf, TruncatedRealGzipIsAnError) {
  const std::string path = kShared + "/traces/KTH-SP2-1996-2.1-cln.swf.gz";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " absent";
  Result<std::string> bytes = ReadFile(path);
  ASSERT_TRUE(bytes.ok());
  const std::string cut = TempPath("cut.swf.gz");
  ASSERT_TRUE(WriteFileAtomic(cut, bytes->substr(0, bytes->size() - 100)).ok());
  Result<Workload> w = ReadSwf(cut);
  std::remove(cut.c_str());
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.status().code(), Status::Code::kInvalidInput);
  EXPECT_NE(w.status().message().find("truncated gzip"), std::string::npos) << w.status().message();
}


// Regression (issue 11): a .swf.gz of blank lines inflated to 1 GB and gave "0 jobs", exit 0.
TEST(ParseSwf, BlankLinesAreNoWorkloadAndBombsAreRefused) {
  auto plain = ParseSwf("\n\n  \n; MaxProcs: 64\n", "blank.swf");
  ASSERT_FALSE(plain.ok());
  EXPECT_NE(plain.status().message().find("no job lines"), std::string::npos);
  // 20 MiB of newlines compress to ~20 KiB: a ratio of ~1000, above the limit of 100 (and above
  // the 16 MiB any small file may inflate to).
  auto packed = GzipString(std::string(size_t{20} << 20, '\n'));
  ASSERT_TRUE(packed.ok());
  auto bomb = ParseSwf(*packed, "bomb.swf.gz");
  ASSERT_FALSE(bomb.ok());
  EXPECT_NE(bomb.status().message().find("decompression bomb"), std::string::npos) << bomb.status().message();
}

}  // namespace
}  // namespace airgrid::workload

namespace airgrid::workload {
namespace {

// The reader streams: a plain file in 4 MiB pieces, a gzip one inflated 1 MiB at a time. Lines
// cut by those boundaries (and a last line without '\n') must read exactly as the text in one
// piece: same jobs, same header, same line numbers in errors.
TEST(ReadSwf, StreamedPiecesReadAsTheWholeText) {
  std::string text = "; MaxProcs: 64\n";
  for (int i = 1; i <= 90000; ++i) {  // ~5.4 MB: two plain pieces, six gzip pieces
    text += std::to_string(i) + " " + std::to_string(i * 7) +
            " 3 100 4 -1 -1 4 200 -1 1 " + std::to_string(i % 13) + " -1 -1 -1 -1 -1 -1\n";
  }
  text.pop_back();  // the last line has no newline
  const Result<Workload> whole = ParseSwf(text, "t.swf");
  ASSERT_TRUE(whole.ok()) << whole.status().message();
  ASSERT_EQ(whole->jobs.size(), 90000u);
  const std::string plain = TempPath("stream.swf");
  const std::string packed = TempPath("stream.swf.gz");
  ASSERT_TRUE(WriteFileAtomic(plain, text).ok());
  ASSERT_TRUE(WriteFileAtomic(packed, GzipString(text).value()).ok());
  for (const std::string& path : {plain, packed}) {
    const Result<Workload> streamed = ReadSwf(path);
    ASSERT_TRUE(streamed.ok()) << streamed.status().message();
    ASSERT_EQ(streamed->jobs.size(), whole->jobs.size()) << path;
    EXPECT_EQ(streamed->machine_procs, 64);
    for (size_t i = 0; i < whole->jobs.size(); ++i) {
      const Job& a = whole->jobs[i];
      const Job& b = streamed->jobs[i];
      ASSERT_TRUE(a.id == b.id && a.submit == b.submit && a.runtime == b.runtime &&
                  a.user == b.user && a.req_time == b.req_time)
          << path << " job " << i;
    }
  }
  // An error deep in the second piece names the right line.
  std::string bad = text;
  bad.replace(bad.rfind(" 100 "), 5, " x00 ");
  ASSERT_TRUE(WriteFileAtomic(plain, bad).ok());
  const Result<Workload> broken = ReadSwf(plain);
  std::remove(plain.c_str());
  std::remove(packed.c_str());
  ASSERT_FALSE(broken.ok());
  EXPECT_NE(broken.status().message().find(plain + ":90001: field 4 (run time)"), std::string::npos)
      << broken.status().message();
}

}  // namespace
}  // namespace airgrid::workload

namespace airgrid::workload {
namespace {

// DropSwfExtra frees fields 3, 6, 7, 10, 11, 13-18; written again they are -1 (the simulation
// fields are untouched).
TEST(WriteSwf, DroppedExtraFieldsAreWrittenAsMissing) {
  Result<Workload> w = ParseSwf(
      "; MaxProcs: 8\n1 0 5 100 4 95.5 -1 4 3600 -1 1 7 2 -1 3 -1 -1 -1\n", "x.swf");
  ASSERT_TRUE(w.ok()) << w.status().message();
  ASSERT_EQ(w->extra.size(), 1u);
  EXPECT_NE(FormatSwf(*w).find("\n1 0 5 100 4 95.5 -1 4 3600 -1 1 7 2 -1 3 -1 -1 -1\n"),
            std::string::npos)
      << FormatSwf(*w);
  DropSwfExtra(*w);
  EXPECT_TRUE(w->extra.empty());
  EXPECT_EQ(w->extra.capacity(), 0u);
  EXPECT_NE(FormatSwf(*w).find("\n1 0 -1 100 4 -1 -1 4 3600 -1 -1 7 -1 -1 -1 -1 -1 -1\n"),
            std::string::npos)
      << FormatSwf(*w);
}

}  // namespace
}  // namespace airgrid::workload
