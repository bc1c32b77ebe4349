#include "workload/gzip.h"

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <limits>

#include "airgrid/base/step.h"

namespace airgrid::workload {
namespace {

// Decompression bombs: the output may not exceed kMaxRatio times the input (real traces compress
// 5-15:1) nor kMaxOutput, whichever is smaller (docs/formats.md, "Input limits").
constexpr size_t kMaxRatio = 100;
constexpr size_t kMinAllowance = size_t{16} << 20;  // small files may still inflate to 16 MiB
constexpr size_t kMaxOutput = size_t{4} << 30;

size_t OutputLimit(size_t input_size) {
  return std::min(kMaxOutput, std::max(kMinAllowance, input_size * kMaxRatio));
}

// zlib counts in uInt; feed it at most this much at a time so sizes above 4 GiB still work.
constexpr size_t kChunk = size_t{1} << 30;

unsigned ChunkOf(size_t n) { return static_cast<unsigned>(std::min(n, kChunk)); }

// The gzip trailer ends with the uncompressed size modulo 2^32 (ISIZE). For a single member
// below 4 GiB it is exact, which saves regrowing (and copying) the output; deflate cannot
// expand more than about 1032:1, so a larger claim is ignored.
size_t InitialOutputSize(std::string_view data) {
  size_t guess = std::max<size_t>(data.size() * 4, 1 << 16);
  if (data.size() < 18) return guess;
  const auto* t = reinterpret_cast<const unsigned char*>(data.data() + data.size() - 4);
  const size_t isize = size_t{t[0]} | size_t{t[1]} << 8 | size_t{t[2]} << 16 | size_t{t[3]} << 24;
  if (isize > 0 && isize <= data.size() * 1032) guess = isize + 1;  // +1: see the end sooner
  return std::min(guess, OutputLimit(data.size()) + 1);
}

// One zlib call over the unread input and the free output (each at most kChunk bytes; the
// output doubles first when full); the positions then move by what the call consumed and
// produced. `call` is inflate or deflate with its flush mode; its return code is returned.
template <typename Call>
int Step(z_stream& zs, std::string_view in, size_t& in_pos, std::string& out, size_t& out_pos,
         Call call) {
  if (out_pos == out.size()) out.resize(out.size() * 2);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data() + in_pos));
  zs.avail_in = ChunkOf(in.size() - in_pos);
  zs.next_out = reinterpret_cast<Bytef*>(out.data() + out_pos);
  zs.avail_out = ChunkOf(out.size() - out_pos);
  const unsigned in_before = zs.avail_in;
  const unsigned out_before = zs.avail_out;
  const int rc = call();
  in_pos += in_before - zs.avail_in;
  out_pos += out_before - zs.avail_out;
  return rc;
}

}  // namespace

bool LooksGzipped(std::string_view data) {
  return data.size() >= 2 && static_cast<unsigned char>(data[0]) == 0x1f &&
         static_cast<unsigned char>(data[1]) == 0x8b;
}

Result<std::string> GunzipString(std::string_view data, const std::string& name) {
  StepScope step("decompressing", name);
  z_stream zs{};
  // 16 + MAX_WBITS: gzip wrapper only (a bare zlib stream is not an SWF file).
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
    return Status::Internal(name + ": cannot initialise zlib");
  }
  std::string out;
  out.resize(InitialOutputSize(data));
  size_t in_pos = 0;
  size_t out_pos = 0;
  int rc = Z_OK;
  const size_t limit = OutputLimit(data.size());
  while (true) {
    if (out_pos == out.size() && out.size() > limit) {
      inflateEnd(&zs);
      return Status::InvalidInput(name + ": decompresses to more than " + std::to_string(limit >> 20) +
                                  " MiB (limit: 100 times the compressed size, at most 4 GiB); "
                                  "refusing a likely decompression bomb");
    }
    if (out_pos == out.size()) out.resize(std::min(out.size() * 2, limit + 1));
    rc = Step(zs, data, in_pos, out, out_pos, [&] { return inflate(&zs, Z_NO_FLUSH); });
    if (rc == Z_STREAM_END) {
      // Another member may follow; anything else after a member is an error.
      if (in_pos == data.size()) break;
      if (!LooksGzipped(data.substr(in_pos))) {
        inflateEnd(&zs);
        return Status::InvalidInput(name + ": unexpected data after the end of the gzip stream (byte " +
                                    std::to_string(in_pos) + ")");
      }
      inflateReset(&zs);
      continue;
    }
    if (rc == Z_BUF_ERROR && zs.avail_out == 0) continue;  // output full: grow and go on
    if (rc == Z_BUF_ERROR) {  // no progress possible with output room: input ran out
      inflateEnd(&zs);
      return Status::InvalidInput(name + ": truncated gzip stream (ended after " +
                                  std::to_string(out_pos) +
                                  " decompressed bytes); the file is incomplete");
    }
    if (rc != Z_OK) {
      std::string why = zs.msg ? zs.msg : "error " + std::to_string(rc);
      inflateEnd(&zs);
      return Status::InvalidInput(name + ": corrupt gzip stream: " + why);
    }
  }
  inflateEnd(&zs);
  out.resize(out_pos);
  return out;
}

Result<size_t> GunzipPieces(std::string_view data, const std::string& name,
                            const std::function<Status(std::string_view)>& sink) {
  StepScope step("decompressing", name);
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
    return Status::Internal(name + ": cannot initialise zlib");
  }
  std::string piece(size_t{1} << 20, '\0');
  size_t in_pos = 0;
  size_t total = 0;
  const size_t limit = OutputLimit(data.size());
  auto fail = [&](Status s) -> Result<size_t> {
    inflateEnd(&zs);
    return s;
  };
  while (true) {
    size_t out_pos = 0;
    const int rc = Step(zs, data, in_pos, piece, out_pos, [&] { return inflate(&zs, Z_NO_FLUSH); });
    total += out_pos;
    if (total > limit) {
      return fail(Status::InvalidInput(
          name + ": decompresses to more than " + std::to_string(limit >> 20) +
          " MiB (limit: 100 times the compressed size, at most 4 GiB); refusing a likely "
          "decompression bomb"));
    }
    if (out_pos > 0) {
      Status s = sink(std::string_view(piece.data(), out_pos));
      if (!s.ok()) return fail(s);
    }
    if (rc == Z_STREAM_END) {
      if (in_pos == data.size()) break;
      if (!LooksGzipped(data.substr(in_pos))) {
        return fail(Status::InvalidInput(name + ": unexpected data after the end of the gzip stream (byte " +
                                         std::to_string(in_pos) + ")"));
      }
      inflateReset(&zs);
      continue;
    }
    if (rc == Z_BUF_ERROR && zs.avail_out == 0) continue;  // piece full: hand it on, go on
    if (rc == Z_OK) continue;
    if (rc == Z_BUF_ERROR) {
      return fail(Status::InvalidInput(name + ": truncated gzip stream (ended after " +
                                       std::to_string(total) +
                                       " decompressed bytes); the file is incomplete"));
    }
    return fail(Status::InvalidInput(name + ": corrupt gzip stream: " +
                                     (zs.msg ? std::string(zs.msg) : "error " + std::to_string(rc))));
  }
  inflateEnd(&zs);
  return total;
}

Result<std::string> GzipString(std::string_view data) {
  z_stream zs{};
  if (deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return Status::Internal("cannot initialise zlib");
  }
  std::string out;
  out.resize(deflateBound(&zs, static_cast<uLong>(std::min<size_t>(data.size(), kChunk))) + 64);
  size_t in_pos = 0;
  size_t out_pos = 0;
  int rc = Z_OK;
  do {
    const bool last = data.size() - in_pos <= kChunk;
    rc = Step(zs, data, in_pos, out, out_pos,
              [&] { return deflate(&zs, last ? Z_FINISH : Z_NO_FLUSH); });
    if (rc == Z_STREAM_ERROR) {
      deflateEnd(&zs);
      return Status::Internal("zlib deflate failed");
    }
  } while (rc != Z_STREAM_END);
  deflateEnd(&zs);
  out.resize(out_pos);
  return out;
}

}  // namespace airgrid::workload
