# `cmake --install`: headers, the module libraries (exported as airgrid::<module> through
# find_package(airgrid)), the `airgrid` program, the data tables, and a pkg-config file.
include(CMakePackageConfigHelpers)

install(DIRECTORY "${CMAKE_SOURCE_DIR}/include/airgrid" DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS airgrid RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY "${CMAKE_SOURCE_DIR}/data/" DESTINATION ${CMAKE_INSTALL_DATADIR}/airgrid)

set(AIRGRID_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/airgrid)
install(EXPORT airgridTargets NAMESPACE airgrid:: DESTINATION ${AIRGRID_CMAKE_DIR})
configure_package_config_file("${CMAKE_SOURCE_DIR}/cmake/airgridConfig.cmake.in"
  "${CMAKE_BINARY_DIR}/airgridConfig.cmake" INSTALL_DESTINATION ${AIRGRID_CMAKE_DIR})
write_basic_package_version_file("${CMAKE_BINARY_DIR}/airgridConfigVersion.cmake"
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES "${CMAKE_BINARY_DIR}/airgridConfig.cmake" "${CMAKE_BINARY_DIR}/airgridConfigVersion.cmake"
  DESTINATION ${AIRGRID_CMAKE_DIR})

# pkg-config: static libraries, most dependent first.
set(AIRGRID_PC_LIBS "")
foreach(m study grid learn sched workload measure metrics base)
  if(TARGET airgrid_${m})
    get_target_property(type airgrid_${m} TYPE)
    if(type STREQUAL "STATIC_LIBRARY")
      string(APPEND AIRGRID_PC_LIBS " -lairgrid_${m}")
    endif()
  endif()
endforeach()
configure_file("${CMAKE_SOURCE_DIR}/cmake/airgrid.pc.in" "${CMAKE_BINARY_DIR}/airgrid.pc" @ONLY)
install(FILES "${CMAKE_BINARY_DIR}/airgrid.pc" DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# The consumer example, built against a fresh install in a temporary prefix.
if(AIRGRID_TESTS)
  add_test(NAME install_cpp_consumer
    COMMAND ${CMAKE_COMMAND} -DBUILD_DIR=${CMAKE_BINARY_DIR} -DSOURCE_DIR=${CMAKE_SOURCE_DIR}
      -DGENERATOR=${CMAKE_GENERATOR} -DCXX=${CMAKE_CXX_COMPILER} -P "${CMAKE_SOURCE_DIR}/cmake/test_install.cmake")
  set_tests_properties(install_cpp_consumer PROPERTIES LABELS install TIMEOUT 300)
endif()
