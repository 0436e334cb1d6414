import Foundation

/// The UTC offsets of one IANA time zone, from the embedded tz data (`TimeZoneData`, built by
/// scripts/tz/build_tz.py): the offset in force on 1970-01-01, every later transition the data
/// lists, and the POSIX rule after the last one. Instants before 1970 take the 1970 offset.
public struct ZoneRules: Sendable, Equatable {
  /// The zone's name, as given (`America/New_York`).
  public let name: String
  let initial: Int64
  /// Transition instants (UTC seconds, increasing) and the offset from each on.
  let transitions: [Int64]
  let offsets: [Int64]
  let rule: PosixRule?

  /// The offset east of UTC, in seconds, at `utc` (seconds since the epoch).
  public func offset(at utc: Int64) -> Int64 {
    if let last = transitions.last, utc >= last, let rule { return rule.offset(at: utc) }
    if transitions.isEmpty { return rule?.offset(at: utc) ?? initial }
    // The last transition at or before `utc`.
    var lo = 0
    var hi = transitions.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if transitions[mid] <= utc { lo = mid + 1 } else { hi = mid }
    }
    return lo == 0 ? initial : offsets[lo - 1]
  }

  /// The UTC instant of a local wall-clock time (seconds since the epoch, read as if UTC). In a
  /// gap (spring forward) the time moved forward by the gap (02:30 that never happened is read
  /// as 03:30); in an overlap (fall back) the earlier of the two instants.
  public func instant(local: Int64) -> Int64 {
    // Try the offsets in force around the local time, earliest first.
    let before = offset(at: local - 86_400)
    let after = offset(at: local + 86_400)
    var best: Int64? = nil
    for o in [before, after] {
      let t = local - o
      if offset(at: t) == o { best = min(best ?? t, t) }
    }
    if let best { return best }
    // A gap: the first instant with the later offset.
    return local - before
  }

  /// The next instant after `utc` at which the offset may change, or nil when it never does
  /// (for splitting spans of time at transitions). Past the listed transitions, the next
  /// change of the POSIX rule, found by scanning for the next offset change day by day.
  public func nextTransition(after utc: Int64) -> Int64? {
    var lo = 0
    var hi = transitions.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if transitions[mid] <= utc { lo = mid + 1 } else { hi = mid }
    }
    if lo < transitions.count { return transitions[lo] }
    guard let rule, rule.daylight != nil else { return nil }
    // The rule changes twice a year: find the first day boundary with another offset, then the
    // second within it.
    let now = rule.offset(at: utc)
    var day = utc
    for _ in 0..<400 {
      let next = day + 86_400
      if rule.offset(at: next) != now {
        var a = day
        var b = next
        while b - a > 1 {
          let m = a + (b - a) / 2
          if rule.offset(at: m) == now { a = m } else { b = m }
        }
        return b
      }
      day = next
    }
    return nil
  }
}

/// The embedded zones, looked up by IANA name.
public enum TimeZones {
  /// The IANA release of the embedded rules (`2025b`); the run summary and the manifest name it.
  public static var version: String { TimeZoneData.version }

  /// Every zone name, sorted.
  public static var names: [String] { index.keys.sorted() }

  /// The rules of a zone, or nil for an unknown name. `UTC` is a zone like the others.
  public static func zone(_ name: String) -> ZoneRules? {
    guard let i = index[name] else { return nil }
    cache.lock.lock()
    defer { cache.lock.unlock() }
    if let z = cache.zones[name] { return z }
    let z = decode(name: name, rule: rules[i])
    cache.zones[name] = z
    return z
  }

  private final class Cache: @unchecked Sendable {
    let lock = NSLock()
    var zones: [String: ZoneRules] = [:]
  }
  private static let cache = Cache()

  private static let rules: [Substring] = TimeZoneData.rules.split(separator: "\n", omittingEmptySubsequences: false)

  private static let index: [String: Int] = {
    var out: [String: Int] = [:]
    for line in TimeZoneData.names.split(separator: "\n") {
      guard let eq = line.firstIndex(of: "="), let i = Int(line[line.index(after: eq)...]) else { continue }
      out[String(line[..<eq])] = i
    }
    return out
  }()

  static func decode(name: String, rule line: Substring) -> ZoneRules {
    let fields = line.split(separator: ";", maxSplits: 2, omittingEmptySubsequences: false)
    let initial = Int64(fields[0], radix: 36) ?? 0
    var transitions: [Int64] = []
    var offsets: [Int64] = []
    var t: Int64 = 0
    if fields.count > 1 {
      for pair in fields[1].split(separator: ",") {
        let parts = pair.split(separator: ":")
        guard parts.count == 2, let delta = Int64(parts[0], radix: 36), let off = Int64(parts[1], radix: 36) else { continue }
        t += delta
        transitions.append(t)
        offsets.append(off)
      }
    }
    let rule = fields.count > 2 && !fields[2].isEmpty ? PosixRule(String(fields[2])) : nil
    return ZoneRules(name: name, initial: initial, transitions: transitions, offsets: offsets, rule: rule)
  }
}
