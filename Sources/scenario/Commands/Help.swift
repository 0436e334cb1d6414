import ScenarioKit

/// Help texts; `Docs/CLI.md` documents the same commands.
enum Help {
  static let version = ScenarioVersion.text

  static let main = """
    scenario: compile and run .scenario files into synthetic datasets

    USAGE:
      scenario check FILE... [options]      check scenarios and report every error
      scenario run FILE [options]           generate the tables of a scenario
      scenario verify DIR                   check a folder's files against its manifest
      scenario purge FILE --db sqlite:PATH  delete the rows a scenario owns from a database
      scenario help [COMMAND]               show help for a command
      scenario --version                    show the version

    EXIT CODES:
      0  success
      1  data generated, but an expectation failed
      2  the scenario has errors (compile time or run time)
      3  usage or I/O error (also: a folder in the way, another run holding the folder)
      130, 143  interrupted by SIGINT or SIGTERM (the output folder is unchanged)

    Run 'scenario help run' for the options of a command.

    """

  static let check = """
    USAGE: scenario check FILE... [options]

    Parses and type-checks each scenario and prints every diagnostic. Nothing is generated.
    With --data DIR, also checks the scenario's expectations against the CSV files in DIR
    (one TABLE.csv per table, as 'scenario run' writes them) and exits 1 if one fails; with
    --db DATABASE, against the rows the scenario owns in a database.

    OPTIONS:
      --data DIR                  check the expectations on existing CSV files
      --db sqlite:PATH|postgresql://...
                                  check the expectations on a database's rows
      --table NAME=TARGET         the database table NAME is in (repeatable)
      --mode NAME                 apply a mode declared in the scenario
      --set NAME=VALUE            override a parameter (repeatable)
      --seed N                    override the scenario's seed (0 to 18446744073709551615)
      --max-text-bytes N          longest text value, in UTF-8 bytes (default 1048576)
      --max-rows N                most rows the run writes, over all tables (default 10^12)
      --now DATETIME              override the scenario's 'now' (e.g. 2024-06-30T00:00:00)
      --diagnostics rich|short    diagnostic style (default rich)
      --color auto|always|never   colour diagnostics (default auto: only on a terminal)
      -h, --help                  show this help

    """

  static let verify = """
    USAGE: scenario verify DIR

    Checks every file that DIR's scenario-manifest.json lists: present, of the listed size and
    with the listed SHA-256. Exits 0 when all match, 1 when one does not, 3 without a manifest.

    """

  static let purge = """
    USAGE: scenario purge FILE --db sqlite:PATH [--dry-run]

    Deletes from the database exactly the rows the scenario owns (its tables' 'owned where' and
    'owned through' items), children first, in one transaction, and prints the rows deleted per
    table. A row of any table that refers to an owned row and would be left behind is an error
    listing them all, and then nothing is deleted. See Docs/Databases.md.

    OPTIONS:
      --db sqlite:PATH|postgresql://...
                                  the database
      --table NAME=TARGET         the database table NAME is in (repeatable)
      --dry-run                   only count the rows that would be deleted
      --mode NAME, --set NAME=VALUE, --seed N, --now DATETIME
                                  as for 'run' (ownership conditions may read parameters)
      -h, --help                  show this help

    """

  static let run = """
    USAGE: scenario run FILE [options]

    Generates every table of the scenario into a folder, one file per table, with a manifest
    (scenario-manifest.json), and prints a summary of rows per table and the files written. The
    new set is written beside the folder and switched in all at once when the whole run
    succeeded; files the run did not write are kept. A failed or interrupted run leaves the
    folder as it was. See Docs/CLI.md, "The output folder".

    OPTIONS:
      --out DIR                   output folder (default: out)
      --format csv|sql            output format (default csv)
      --dialect sqlite|postgres   SQL dialect for --format sql (default sqlite)
      --mode NAME                 apply a mode declared in the scenario
      --set NAME=VALUE            override a parameter (repeatable)
      --seed N                    override the scenario's seed (0 to 18446744073709551615)
      --max-text-bytes N          longest text value, in UTF-8 bytes (default 1048576)
      --max-rows N                most rows the run writes, over all tables (default 10^12)
      --now DATETIME              override the scenario's 'now' (e.g. 2024-06-30T00:00:00)
      --threads N                 worker threads (default: one per core; never changes output)
      --chunk-size N              rows per chunk (default 8192; never changes output)
      --quiet                     print no summary, and the expectations only when one fails
      --wait                      wait for another run writing the same folder (default: fail)
      --clean                     remove the files the last set listed that this run does not write
      --no-sync                   skip the fsyncs (faster; a power loss may then leave empty files)
      --expectations fail|warn|off
                                  failed expectations exit with 1 (fail, the default) or only
                                  print (warn); off skips measuring them
      --profile                   print a profile of every column and write profile.json
      --db sqlite:PATH|postgresql://...
                                  write into a SQLite or PostgreSQL database instead of a
                                  folder, in one transaction, under each table's conflict
                                  policy; source tables read from it (Docs/Databases.md)
      --table NAME=TARGET         write table NAME into TARGET, e.g. students=app.students
                                  (a schema in PostgreSQL; repeatable)
      --diagnostics rich|short    diagnostic style (default rich)
      --color auto|always|never   colour diagnostics (default auto: only on a terminal)
      -h, --help                  show this help

    """
}
