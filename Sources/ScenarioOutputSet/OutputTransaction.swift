import CScenarioSystem
import Foundation
import ScenarioSinks

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One run's output folder, written as a transaction (Docs/CLI.md, "The output folder").
///
/// The new set is written into a staging folder beside the output folder
/// (`PARENT/.NAME.scenario-staging-PID`). Files in the output folder that the run did not write
/// are hard-linked into it; then the two folders are exchanged in one atomic rename
/// (`renameat2(RENAME_EXCHANGE)` on Linux, `renamex_np(RENAME_SWAP)` on macOS). A reader of the
/// output folder's path sees the old set or the new one, never a mix, at every moment and after
/// a crash or power loss at any point. The replaced set, now at the staging path, gives back any
/// foreign folder it holds and is removed before the process exits.
///
/// Locks: the output folder is `flock`ed for the whole run (a second run fails or waits), and
/// so is the staging folder (a later run removes staging folders whose lock is free: their
/// writer is dead).
public final class OutputTransaction {
  /// The output folder (absolute).
  public let target: String
  /// The staging folder (absolute), beside the output folder.
  public let staging: String
  /// What the run will write (file names), known before the run.
  public let outputs: [String]
  /// The set this run replaces, if it has a manifest.
  public let previous: Manifest?
  /// Messages about leftovers that were removed or could not be (for the run's report).
  public private(set) var notes: [String] = []

  private var targetLock: FolderLock?
  private var stagingLock: FolderLock?
  private var manifest: Manifest
  private var finished = false
  /// Whether this run created the output folder (then a failed run removes it if still empty).
  private let createdTarget: Bool

  /// A file written and renamed by the run, or its probe: never given back.
  static func isTemporary(_ entry: String) -> Bool { entry.contains(".tmp-") || entry == ".scenario-probe" }

  /// The staging folder's name for a process.
  static func stagingName(_ name: String, pid: Int32) -> String { ".\(name).scenario-staging-\(pid)" }
  static func isStaging(_ entry: String, of name: String) -> Bool {
    entry.hasPrefix(".\(name).scenario-staging-")
  }

  /// Takes the output folder's lock, removes what dead runs left, checks that nothing foreign is
  /// in the way of `outputs`, and creates the staging folder.
  public init(target path: String, outputs: [String], wait: Bool) throws(OutputSetError) {
    guard !path.isEmpty else { throw .unswitchable(path: path, reason: "the output folder's name is empty") }
    let fm = FileManager.default
    var absolute = (path as NSString).isAbsolutePath ? path : (fm.currentDirectoryPath as NSString).appendingPathComponent(path)
    absolute = (absolute as NSString).standardizingPath
    if let real = realpath(absolute, nil) {
      absolute = String(cString: real)
      free(real)
    }
    let name = (absolute as NSString).lastPathComponent
    let parent = (absolute as NSString).deletingLastPathComponent
    guard absolute != "/", !name.isEmpty, name != ".", name != ".." else {
      throw .unswitchable(path: path, reason: "it has no parent folder to build the new set in; write into a subfolder")
    }
    // The folder is created if missing (the switch exchanges two folders) and locked. A run that
    // created it and fails removes it again if it is still empty; a run waiting for that lock then
    // finds the folder gone and creates it afresh.
    var lock: FolderLock?
    var created = false
    for attempt in 0..<8 {
      created = false
      switch Posix.kind(absolute) {
      case .directory: break
      case nil:
        guard Posix.makeFolders(absolute) else { throw Posix.fail(absolute, "create the output folder") }
        created = true
      default: throw .inTheWay(path: absolute, what: "a file, not a folder")
      }
      do {
        lock = try FolderLock.acquire(absolute, wait: wait)
      } catch where attempt < 7 && Posix.kind(absolute) == nil {
        continue
      }
      break
    }
    target = absolute
    self.outputs = outputs
    createdTarget = created
    guard let lock else {
      let holders = Posix.entries(parent).filter { Self.isStaging($0, of: name) && FolderLock.isHeld(parent + "/" + $0) }
        .compactMap { Int32($0.split(separator: "-").last ?? "") }
      if created { rmdir(absolute) }
      throw .locked(path: absolute, holders: holders)
    }
    targetLock = lock
    Cancellation.faultPoint("staging")
    let previous = try Manifest.read(folder: absolute)
    self.previous = previous
    staging = parent + "/" + Self.stagingName(name, pid: getpid())
    manifest = Manifest(run: Posix.randomID(), previous: previous?.run)
    // Leftovers of dead runs (their staging lock is free).
    for entry in Posix.entries(parent) where Self.isStaging(entry, of: name) {
      let leftover = parent + "/" + entry
      guard !FolderLock.isHeld(leftover) else { continue }
      notes += Self.reconcile(leftover: leftover, target: absolute)
    }
    Cancellation.faultPoint("staging")
    // Nothing foreign in the way: an output name must be free, or a file an earlier set wrote
    // (listed in its manifest; in a folder without a manifest, any file with that name).
    for output in outputs {
      let path = absolute + "/" + output
      switch Posix.kind(path) {
      case nil: continue
      case .directory: throw .inTheWay(path: path, what: "a folder")
      case .file:
        if let previous, !previous.owned.contains(output) {
          throw .inTheWay(path: path, what: "a file that the last run (\(Manifest.fileName)) did not write")
        }
      case .other: throw .inTheWay(path: path, what: "not a regular file")
      }
    }
    if let k = Posix.kind(absolute + "/" + Manifest.fileName), k != .file {
      throw .inTheWay(path: absolute + "/" + Manifest.fileName, what: "not a regular file")
    }
    // The staging folder, locked, with a manifest that marks it as a set being built.
    var mode = stat()
    stat(absolute, &mode)
    guard mkdir(staging, mode.st_mode & 0o7777) == 0 else { throw Posix.fail(staging, "create") }
    stagingLock = try FolderLock.acquire(staging, wait: false)
    try Posix.writeDurably(manifest.json(), to: staging + "/" + Manifest.fileName)
    Cancellation.faultPoint("staging")
  }

  deinit { abort() }

  /// Removes the staging folder (a failed or interrupted run); the output folder is unchanged.
  public func abort() {
    guard !finished else { return }
    finished = true
    try? Posix.removeTree(staging)
    stagingLock = nil
    // A folder this run created is removed again while still locked, so a failed run into a new
    // folder leaves nothing behind (rmdir refuses a folder something was put into meanwhile).
    if createdTarget { rmdir(target) }
    targetLock = nil
  }

  /// What `commit` did.
  public struct Commit: Sendable {
    /// Files of the replaced set that were removed (outputs this run did not write, with
    /// `clean`).
    public var removed: [String]
    /// Files an earlier set wrote that this run did not write and kept.
    public var kept: [String]
  }

  /// Switches the written set in: carries over what the run did not write (hard links; with
  /// `clean`, without the files an earlier manifest listed), writes the manifest, exchanges the
  /// folders, gives foreign folders back, and removes the replaced set.
  public func commit(files: [Manifest.File], source: Manifest.Source, clean: Bool) throws(OutputSetError) -> Commit {
    guard !finished else { throw .system(path: staging, operation: "commit", message: "the transaction is over") }
    if let s = Cancellation.signal { throw .cancelled(signal: s) }
    let written = Set(files.map(\.name))
    let previousOwned = previous?.owned ?? []
    var kept: [String] = []
    var removed: [String] = []
    // Carry over every file of the output folder that this run does not replace.
    for entry in Posix.entries(target) where entry != Manifest.fileName && !written.contains(entry) {
      let from = target + "/" + entry
      let owned = previousOwned.contains(entry)
      if owned && clean {
        removed.append(entry)
        continue
      }
      if Posix.kind(from) == .directory { continue }  // given back after the switch
      guard link(from, staging + "/" + entry) == 0 else { throw Posix.fail(from, "keep (hard link)") }
      if owned { kept.append(entry) }
    }
    // The files this run replaces must be removable afterwards (not immutable or append-only):
    // a hard link to them is refused exactly then.
    for name in written where Posix.kind(target + "/" + name) == .file {
      let probe = staging + "/.scenario-probe"
      guard link(target + "/" + name, probe) == 0 else { throw Posix.fail(target + "/" + name, "replace") }
      unlink(probe)
    }
    Cancellation.faultPoint("switching")
    manifest.complete = true
    manifest.source = source
    manifest.files = files
    manifest.kept = kept.sorted()
    manifest.run = Manifest.id(source: source, files: files)
    try Posix.writeDurably(manifest.json(), to: staging + "/" + Manifest.fileName)
    Posix.syncFolder(staging)
    if let s = Cancellation.signal { throw .cancelled(signal: s) }
    Cancellation.faultPoint("switching")
    // The switch.
    guard scenario_rename_exchange(staging, target) == 0 else {
      let code = errno
      let reason =
        code == EINVAL || code == ENOSYS
        ? "this file system cannot exchange two folders atomically (renameat2 RENAME_EXCHANGE)"
        : code == EXDEV || code == EBUSY ? "it is a mount point; write into a subfolder of it" : Posix.message()
      throw .unswitchable(path: target, reason: reason)
    }
    finished = true
    Posix.syncFolder((target as NSString).deletingLastPathComponent)
    Cancellation.faultPoint("switching")
    // The replaced set is at the staging path: give back what is not ours, remove the rest.
    notes += Self.reconcile(leftover: staging, target: target)
    stagingLock = nil
    targetLock = nil
    return Commit(removed: removed.sorted(), kept: kept.sorted())
  }

  /// Cleans a staging folder whose run is over (or the replaced set after a switch): a set being
  /// built is removed; a replaced set gives back to `target` every entry that is not one of its
  /// own outputs and is missing there (foreign folders, files created during the switch), and is
  /// removed. A leftover whose relation to the output folder is unclear is left alone, with a
  /// note. Returns notes for the report.
  @discardableResult
  static func reconcile(leftover: String, target: String) -> [String] {
    let mine = (try? Manifest.read(folder: leftover)) ?? nil
    let current = (try? Manifest.read(folder: target)) ?? nil
    enum Role { case built, replaced, unknown }
    let role: Role
    if let mine {
      if !mine.complete {
        role = .built  // still being written when its run ended
      } else if let current, mine.run == current.previous {
        role = .replaced
      } else if mine.previous == current?.run {
        role = .built  // complete, but its run ended before the switch
      } else {
        role = .unknown
      }
    } else {
      // A staging folder has its manifest before anything else; a folder without one that holds
      // more than temporary files is a replaced set that had no manifest (an older version's).
      role = Posix.entries(leftover).allSatisfy(Self.isTemporary) ? .built : .replaced
    }
    switch role {
    case .unknown:
      return ["left '\(leftover)' alone: it is not a set this folder's manifest replaced; remove it by hand if it is not needed"]
    case .built:
      do { try Posix.removeTree(leftover) } catch { return ["could not remove '\(leftover)': \(error)"] }
      return []
    case .replaced:
      var notes: [String] = []
      // Without a manifest, the outputs are the files named like the new set's.
      let own = mine?.owned ?? Set(current?.files.map(\.name) ?? [])
      for entry in Posix.entries(leftover) {
        let path = leftover + "/" + entry
        let there = target + "/" + entry
        if entry == Manifest.fileName || own.contains(entry) || Self.isTemporary(entry) || Posix.inode(there) != nil {
          Cancellation.faultPoint("cleanup")
          do { try Posix.removeTree(path) } catch { notes.append("could not remove '\(path)': \(error)") }
        } else if scenario_rename_noreplace(path, there) != 0 {
          notes.append("could not give '\(entry)' back to '\(target)': \(Posix.message()); it is in '\(leftover)'")
        }
      }
      if rmdir(leftover) != 0 { notes.append("could not remove '\(leftover)': \(Posix.message())") }
      return notes
    }
  }
}
