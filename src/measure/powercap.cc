// RAPL through the powercap sysfs tree (see sources.h for the channel rules).
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>

#include "airgrid/measure/sources.h"

namespace airgrid::measure {

int ReadSysfsFile(const std::string& path, std::string* out) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errno;
  char buf[4096];
  ssize_t n = ::read(fd, buf, sizeof buf);
  int err = n < 0 ? errno : 0;
  ::close(fd);
  if (err) return err;
  out->assign(buf, static_cast<size_t>(n));
  while (!out->empty() && (out->back() == '\n' || out->back() == ' ')) out->pop_back();
  return 0;
}

namespace {

struct Zone {
  std::string dir;       // "intel-rapl:0:2"
  bool mmio = false;
  int socket = -1;       // N in intel-rapl:N
  bool top = true;       // no :M suffix
  std::string name;      // "package-0", "dram", "core", "uncore", "psys"
  std::string energy_path;
  uint64_t max_range_uj = 0;
  int energy_errno = 0;  // 0 = readable
  uint64_t first_uj = 0;
};

// "intel-rapl:0:2" → (mmio=false, socket=0, top=false). False if not a RAPL zone name.
bool ParseZoneDir(const std::string& d, Zone* z) {
  std::string rest;
  if (d.rfind("intel-rapl-mmio:", 0) == 0) {
    z->mmio = true;
    rest = d.substr(16);
  } else if (d.rfind("intel-rapl:", 0) == 0) {
    rest = d.substr(11);
  } else {
    return false;
  }
  char* end = nullptr;
  long n = std::strtol(rest.c_str(), &end, 10);
  if (end == rest.c_str()) return false;
  z->socket = static_cast<int>(n);
  z->top = (*end == '\0');
  return *end == '\0' || *end == ':';
}

std::string ErrnoText(int err) {
  if (err == EACCES || err == EPERM)
    return "permission denied (energy_uj is root-only since Linux 5.10, CVE-2020-8694; "
           "grant read access, e.g. chmod o+r .../energy_uj, or run as root)";
  return std::strerror(err);
}

class PowercapSource : public EnergySource {
 public:
  PowercapSource(std::vector<Zone> zones, FileReader read) : zones_(std::move(zones)), read_(std::move(read)) {
    for (const Zone& z : zones_) {
      Channel c;
      c.component = z.name == "dram" ? Component::kDram
                    : z.name == "psys" ? Component::kPsys : Component::kCpu;
      c.device = (z.name == "dram" ? "dram-" + std::to_string(z.socket) : z.name) +
                 (z.mmio ? " (mmio)" : "");
      c.method = "measured:powercap";
      channels_.push_back(c);
      last_.push_back(z.first_uj);
      acc_.push_back(0);
    }
  }
  std::string name() const override { return "powercap"; }
  const std::vector<Channel>& channels() const override { return channels_; }
  Status Sample(std::vector<double>* joules) override {
    joules->resize(zones_.size());
    Status st;
    for (size_t i = 0; i < zones_.size(); ++i) {
      std::string text;
      int err = read_(zones_[i].energy_path, &text);
      if (err == 0) {
        uint64_t now = std::strtoull(text.c_str(), nullptr, 10);
        uint64_t delta = now >= last_[i] ? now - last_[i]
                                         : now + zones_[i].max_range_uj - last_[i];  // wrapped
        acc_[i] += delta;
        last_[i] = now;
      } else {
        st = Status::IoError(zones_[i].energy_path + ": " + ErrnoText(err));
      }
      (*joules)[i] = static_cast<double>(acc_[i]) * 1e-6;
    }
    return st;
  }

 private:
  std::vector<Zone> zones_;
  FileReader read_;
  std::vector<Channel> channels_;
  std::vector<uint64_t> last_, acc_;
};

std::vector<std::string> ListDir(const std::string& root) {
  std::vector<std::string> out;
  if (DIR* d = opendir(root.c_str())) {
    while (dirent* e = readdir(d)) out.emplace_back(e->d_name);
    closedir(d);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

Result<std::unique_ptr<EnergySource>> OpenPowercap(const PowercapOptions& o) {
  std::vector<std::string> entries = ListDir(o.root);
  if (entries.empty()) return Status::Unavailable(o.root + " absent (no powercap driver: VM, container or non-x86)");
  std::vector<Zone> zones;
  for (const std::string& d : entries) {
    Zone z;
    if (!ParseZoneDir(d, &z)) continue;
    z.dir = d;
    std::string base = o.root + "/" + d + "/";
    if (o.read(base + "name", &z.name) != 0) continue;
    std::string text;
    if (o.read(base + "max_energy_range_uj", &text) == 0) z.max_range_uj = std::strtoull(text.c_str(), nullptr, 10);
    z.energy_path = base + "energy_uj";
    z.energy_errno = o.read(z.energy_path, &text);
    if (z.energy_errno == 0) z.first_uj = std::strtoull(text.c_str(), nullptr, 10);
    zones.push_back(z);
  }
  if (zones.empty()) return Status::Unavailable(o.root + " has no intel-rapl zone");
  std::vector<Zone> readable;
  std::string unreadable;
  for (const Zone& z : zones) {
    if (z.energy_errno != 0) {
      if (unreadable.empty()) unreadable = z.energy_path + ": " + ErrnoText(z.energy_errno);
      continue;
    }
    readable.push_back(z);
  }
  auto is_package = [](const Zone& z) { return z.top && z.name.rfind("package", 0) == 0; };
  // Keep packages and their dram; an MMIO zone duplicating an MSR zone's name is dropped.
  std::vector<Zone> keep;
  std::map<std::string, bool> msr_names;
  for (const Zone& z : readable)
    if (!z.mmio) msr_names[z.top ? z.name : z.name + "@" + std::to_string(z.socket)] = true;
  bool any_package = false;
  for (const Zone& z : readable) {
    bool pkg = is_package(z);
    bool dram = !z.top && z.name == "dram";
    if (!pkg && !dram) continue;  // core, uncore, psys: handled below or never
    std::string key = z.top ? z.name : z.name + "@" + std::to_string(z.socket);
    if (z.mmio && msr_names.count(key)) continue;
    any_package |= pkg;
    keep.push_back(z);
  }
  if (!any_package) {
    keep.clear();
    for (const Zone& z : readable)
      if (z.top && z.name == "psys") { keep.push_back(z); break; }
  }
  if (keep.empty()) {
    if (!unreadable.empty()) return Status::Unavailable("powercap present but " + unreadable);
    return Status::Unavailable("powercap present but no package, dram or psys zone");
  }
  return std::unique_ptr<EnergySource>(new PowercapSource(std::move(keep), o.read));
}

}  // namespace airgrid::measure
