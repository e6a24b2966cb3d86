# Debian's libcsv-dev ships no pkg-config file: find csv.h and libcsv by hand.
find_path(LIBCSV_INCLUDE_DIR csv.h)
find_library(LIBCSV_LIBRARY NAMES csv)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(LibCSV DEFAULT_MSG LIBCSV_LIBRARY LIBCSV_INCLUDE_DIR)
if(LibCSV_FOUND AND NOT TARGET LibCSV::LibCSV)
  add_library(LibCSV::LibCSV UNKNOWN IMPORTED)
  set_target_properties(LibCSV::LibCSV PROPERTIES
    IMPORTED_LOCATION ${LIBCSV_LIBRARY}
    INTERFACE_INCLUDE_DIRECTORIES ${LIBCSV_INCLUDE_DIR})
endif()
