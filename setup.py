"""Builds airgrid._core (and the airgrid program, for simulate()) with the project's CMake.

Metadata is in pyproject.toml. Environment:
  AIRGRID_CMAKE_BUILD_DIR  reuse an already configured CMake build folder (CI: seconds, not minutes)
  CMAKE_BUILD_PARALLEL_LEVEL, CMAKE_CXX_COMPILER_LAUNCHER  as CMake reads them (e.g. ccache)
"""
import os
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = os.path.dirname(os.path.abspath(__file__))


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        build_dir = os.environ.get("AIRGRID_CMAKE_BUILD_DIR") or os.path.join(ROOT, "build", "pip-cmake")
        if not os.path.exists(os.path.join(build_dir, "CMakeCache.txt")):
            subprocess.check_call([
                "cmake", "-S", ROOT, "-B", build_dir, "-DCMAKE_BUILD_TYPE=Release", "-DAIRGRID_TESTS=OFF",
                "-DAIRGRID_BENCH=OFF", "-DAIRGRID_MPI=OFF", f"-DPython_EXECUTABLE={sys.executable}"])
        # Every core unless the user chose (CMake reads CMAKE_BUILD_PARALLEL_LEVEL itself).
        parallel = [] if "CMAKE_BUILD_PARALLEL_LEVEL" in os.environ else ["--parallel", str(os.cpu_count() or 1)]
        subprocess.check_call(["cmake", "--build", build_dir, "--target", "_core", "airgrid", *parallel])
        built = os.path.join(build_dir, "python", "airgrid")
        module = next(f for f in os.listdir(built) if f.startswith("_core") and f.endswith(".so"))
        target = self.get_ext_fullpath(ext.name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(os.path.join(built, module), target)
        # The airgrid program, which simulate() runs.
        bin_dir = os.path.join(os.path.dirname(target), "bin")
        os.makedirs(bin_dir, exist_ok=True)
        shutil.copy2(os.path.join(build_dir, "airgrid"), os.path.join(bin_dir, "airgrid"))


setup(
    ext_modules=[Extension("airgrid._core", sources=[])],
    cmdclass={"build_ext": CMakeBuild},
    options={"build": {"build_base": os.path.join("build", "setuptools")}},
)
