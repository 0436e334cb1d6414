// The system PostgreSQL client library (libpq-dev on Debian), linked as a SwiftPM system
// library: no package dependency. Debian puts the header under postgresql/.
#include <postgresql/libpq-fe.h>
