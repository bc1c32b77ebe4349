/* A stand-in for libnvidia-ml used by the measure tests (loaded by path through OpenNvml).
 *
 * Behaviour, set through environment variables read at nvmlInit_v2:
 *   NVML_MOCK_DEVICES  number of GPUs (default 2)
 *   NVML_MOCK_ENERGY   1 = nvmlDeviceGetTotalEnergyConsumption supported (default), 0 = returns
 *                      NVML_ERROR_NOT_SUPPORTED (pre-Volta GPUs)
 *   NVML_MOCK_PIDS     "DEV:PID,DEV:PID..." compute processes running on each device (default none);
 *                      "unsupported" = nvmlDeviceGetComputeRunningProcesses returns NOT_SUPPORTED
 * Device i (0-based) is "Mock GPU i", UUID "GPU-mock-uuid-i". Its power is (100 + 50 i) W; its
 * energy counter starts at 1e6 mJ and grows by (1000 + 500 i) mJ at every energy read, so tests
 * can predict exact joules from the number of reads. Device i has two MIG instances, UUIDs
 * "MIG-mock-i-0" and "MIG-mock-i-1", whose parent is device i. */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#define NVML_SUCCESS 0
#define NVML_ERROR_INVALID_ARGUMENT 2
#define NVML_ERROR_NOT_SUPPORTED 3
#define NVML_ERROR_NOT_FOUND 6
#define MAX_DEV 8

typedef struct { int index; int mig; } MockDevice;  /* mig = -1 for a whole GPU */
static MockDevice g_dev[MAX_DEV];
static MockDevice g_mig[MAX_DEV][2];
static unsigned long long g_energy[MAX_DEV];
static int g_count = 2;
static int g_energy_supported = 1;
static int g_inits = 0;

int nvmlInit_v2(void) {
  const char* n = getenv("NVML_MOCK_DEVICES");
  const char* e = getenv("NVML_MOCK_ENERGY");
  g_count = n ? atoi(n) : 2;
  if (g_count < 0) g_count = 0;
  if (g_count > MAX_DEV) g_count = MAX_DEV;
  g_energy_supported = e ? atoi(e) != 0 : 1;
  for (int i = 0; i < MAX_DEV; ++i) {
    g_dev[i].index = i;
    g_dev[i].mig = -1;
    g_mig[i][0].index = g_mig[i][1].index = i;
    g_mig[i][0].mig = 0;
    g_mig[i][1].mig = 1;
    g_energy[i] = 1000000ULL;
  }
  ++g_inits;
  return NVML_SUCCESS;
}

int nvmlShutdown(void) {
  --g_inits;
  return NVML_SUCCESS;
}

const char* nvmlErrorString(int rc) {
  switch (rc) {
    case NVML_SUCCESS: return "Success";
    case NVML_ERROR_NOT_SUPPORTED: return "Not Supported";
    case NVML_ERROR_NOT_FOUND: return "Not Found";
    default: return "Mock error";
  }
}

int nvmlDeviceGetCount_v2(unsigned int* count) {
  *count = (unsigned int)g_count;
  return NVML_SUCCESS;
}

int nvmlDeviceGetHandleByIndex_v2(unsigned int index, void** device) {
  if ((int)index >= g_count) return NVML_ERROR_INVALID_ARGUMENT;
  *device = &g_dev[index];
  return NVML_SUCCESS;
}

int nvmlDeviceGetHandleByUUID(const char* uuid, void** device) {
  for (int i = 0; i < g_count; ++i) {
    char want[32];
    snprintf(want, sizeof want, "GPU-mock-uuid-%d", i);
    if (strcmp(uuid, want) == 0) {
      *device = &g_dev[i];
      return NVML_SUCCESS;
    }
    for (int k = 0; k < 2; ++k) {
      snprintf(want, sizeof want, "MIG-mock-%d-%d", i, k);
      if (strcmp(uuid, want) == 0) {
        *device = &g_mig[i][k];
        return NVML_SUCCESS;
      }
    }
  }
  return NVML_ERROR_NOT_FOUND;
}

int nvmlDeviceGetUUID(void* device, char* uuid, unsigned int length) {
  MockDevice* d = (MockDevice*)device;
  if (d->mig >= 0) snprintf(uuid, length, "MIG-mock-%d-%d", d->index, d->mig);
  else snprintf(uuid, length, "GPU-mock-uuid-%d", d->index);
  return NVML_SUCCESS;
}

int nvmlDeviceIsMigDeviceHandle(void* device, unsigned int* is_mig) {
  *is_mig = ((MockDevice*)device)->mig >= 0;
  return NVML_SUCCESS;
}

int nvmlDeviceGetDeviceHandleFromMigDeviceHandle(void* mig, void** device) {
  MockDevice* d = (MockDevice*)mig;
  if (d->mig < 0) return NVML_ERROR_INVALID_ARGUMENT;
  *device = &g_dev[d->index];
  return NVML_SUCCESS;
}

/* nvmlProcessInfo_t of nvml.h (v2/v3 layout). */
typedef struct {
  unsigned int pid;
  unsigned long long usedGpuMemory;
  unsigned int gpuInstanceId;
  unsigned int computeInstanceId;
} MockProcessInfo;

int nvmlDeviceGetComputeRunningProcesses_v3(void* device, unsigned int* count, MockProcessInfo* infos) {
  const char* spec = getenv("NVML_MOCK_PIDS");
  if (spec && strcmp(spec, "unsupported") == 0) return NVML_ERROR_NOT_SUPPORTED;
  int index = ((MockDevice*)device)->index;
  unsigned int n = 0, cap = *count;
  for (const char* p = spec; p && *p;) {
    int dev = 0, pid = 0, used = 0;
    if (sscanf(p, "%d:%d%n", &dev, &pid, &used) != 2) break;
    if (dev == index) {
      if (n < cap && infos) {
        infos[n].pid = (unsigned int)pid;
        infos[n].usedGpuMemory = 0;
      }
      ++n;
    }
    p += used;
    if (*p == ',') ++p;
  }
  *count = n;
  return n > cap ? 7 /* NVML_ERROR_INSUFFICIENT_SIZE */ : NVML_SUCCESS;
}

int nvmlDeviceGetName(void* device, char* name, unsigned int length) {
  snprintf(name, length, "Mock GPU %d", ((MockDevice*)device)->index);
  return NVML_SUCCESS;
}

int nvmlDeviceGetTotalEnergyConsumption(void* device, unsigned long long* energy_mj) {
  if (!g_energy_supported) return NVML_ERROR_NOT_SUPPORTED;
  int i = ((MockDevice*)device)->index;
  g_energy[i] += 1000ULL + 500ULL * (unsigned long long)i;
  *energy_mj = g_energy[i];
  return NVML_SUCCESS;
}

int nvmlDeviceGetPowerUsage(void* device, unsigned int* power_mw) {
  *power_mw = 100000u + 50000u * (unsigned int)((MockDevice*)device)->index;
  return NVML_SUCCESS;
}
