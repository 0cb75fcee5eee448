#ifndef ATELIER_CSQLITECONFIG_H
#define ATELIER_CSQLITECONFIG_H

/// Turns off SQLite's memory statistics before the library starts (sqlite3_config is variadic,
/// which Swift cannot call). Debian builds SQLite without lookaside memory, so every small
/// allocation goes to malloc, and with the statistics on each one takes a process-wide mutex:
/// worker threads queued on it under load. Returns SQLite's result code (SQLITE_MISUSE when the
/// library had already started, which leaves the statistics on and is harmless).
int atelier_sqlite_disable_memory_statistics(void);

#endif
