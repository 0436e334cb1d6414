// The system SQLite library (libsqlite3-dev on Debian), linked as a SwiftPM system library:
// no package dependency.
#include <sqlite3.h>

// SQLITE_TRANSIENT is a macro casting -1 to a destructor pointer, which Swift cannot import.
static inline sqlite3_destructor_type scenario_sqlite_transient(void) { return SQLITE_TRANSIENT; }
