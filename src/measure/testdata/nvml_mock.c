/* A stand-in for libnvidia-ml used by the measure tests (loaded by path through OpenNvml).
 *
 * Behaviour, set through environment variables read at nvmlInit_v2:
 *   NVML_MOCK_DEVICES  number of GPUs (default 2)
 *   NVML_MOCK_ENERGY   1 = nvmlDeviceGetTotalEnergyConsumption supported (default), 0 = returns
 *                      NVML_ERROR_NOT_SUPPORTED (pre-Volta GPUs)
 * Device i (0-based) is "Mock GPU i", UUID "GPU-mock-i". Its power is (100 + 50 i) W; its energy
 * counter starts at 1e6 mJ and grows by (1000 + 500 i) mJ at every energy read, so tests can
 * predict exact joules from the number of reads. */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#define NVML_SUCCESS 0
#define NVML_ERROR_INVALID_ARGUMENT 2
#define NVML_ERROR_NOT_SUPPORTED 3
#define NVML_ERROR_NOT_FOUND 6
#define MAX_DEV 8

typedef struct { int index; } MockDevice;
static MockDevice g_dev[MAX_DEV];
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
    snprintf(want, sizeof want, "GPU-mock-%d", i);
    if (strcmp(uuid, want) == 0) {
      *device = &g_dev[i];
      return NVML_SUCCESS;
    }
  }
  return NVML_ERROR_NOT_FOUND;
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
