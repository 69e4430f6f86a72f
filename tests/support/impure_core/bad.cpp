// Fixture for lint.core_purity_detects_violation: the purity check must reject this file.
#include <fstream>
#include <boost/beast/http.hpp>
