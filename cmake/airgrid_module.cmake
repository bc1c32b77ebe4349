# airgrid_module(NAME [DEPS targets...] [DEFS definitions...] [TEST_DEPS targets...])
#
# One module = src/<NAME>/: every *.cc except *_test.cc and *_fuzz.cc goes into the static
# library airgrid_<NAME>; every *_test.cc into the test program airgrid_<NAME>_test, run by ctest.
# Public headers live in include/airgrid/<NAME>/. Adding a file needs no CMake edit.
# Each library is installed and exported as airgrid::<NAME> (see cmake/airgrid_install.cmake).
function(airgrid_module NAME)
  cmake_parse_arguments(ARG "" "" "DEPS;DEFS;TEST_DEPS" ${ARGN})
  set(dir "${CMAKE_CURRENT_SOURCE_DIR}")
  file(GLOB all_cc CONFIGURE_DEPENDS "${dir}/*.cc")
  set(lib_cc "")
  set(test_cc "")
  foreach(f IN LISTS all_cc)
    if(f MATCHES "_test\\.cc$")
      list(APPEND test_cc "${f}")
    elseif(NOT f MATCHES "_fuzz\\.cc$")
      list(APPEND lib_cc "${f}")
    endif()
  endforeach()
  set(target airgrid_${NAME})
  if(lib_cc)
    add_library(${target} STATIC ${lib_cc})
    target_include_directories(${target} PUBLIC "$<BUILD_INTERFACE:${CMAKE_SOURCE_DIR}/include>"
      "$<INSTALL_INTERFACE:include>" PRIVATE "${CMAKE_SOURCE_DIR}/src")
    target_link_libraries(${target} PUBLIC ${ARG_DEPS})
    target_compile_definitions(${target} PUBLIC ${ARG_DEFS})
  else()
    add_library(${target} INTERFACE)
    target_include_directories(${target} INTERFACE "$<BUILD_INTERFACE:${CMAKE_SOURCE_DIR}/include>"
      "$<INSTALL_INTERFACE:include>")
    target_link_libraries(${target} INTERFACE ${ARG_DEPS})
    target_compile_definitions(${target} INTERFACE ${ARG_DEFS})
  endif()
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${NAME})
  add_library(airgrid::${NAME} ALIAS ${target})
  install(TARGETS ${target} EXPORT airgridTargets ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
  set_property(GLOBAL APPEND PROPERTY AIRGRID_MODULES ${NAME})
  if(AIRGRID_TESTS AND test_cc)
    add_executable(${target}_test ${test_cc})
    target_include_directories(${target}_test PRIVATE "${CMAKE_SOURCE_DIR}/src")
    target_link_libraries(${target}_test PRIVATE ${target} ${ARG_TEST_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
    target_compile_definitions(${target}_test PRIVATE
      AIRGRID_SHARED_DIR="${AIRGRID_SHARED_DIR}"
      AIRGRID_SOURCE_DIR="${CMAKE_SOURCE_DIR}"
      AIRGRID_BINARY_DIR="${CMAKE_BINARY_DIR}")
    gtest_discover_tests(${target}_test DISCOVERY_TIMEOUT 60 PROPERTIES LABELS ${NAME})
  endif()
endfunction()
