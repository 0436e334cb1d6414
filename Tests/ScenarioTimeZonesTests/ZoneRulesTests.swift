import Foundation
import Testing

@testable import ScenarioTimeZones

/// The embedded tz rules against an independent reader, Foundation's `TimeZone` (the system's
/// tz data), and against hand-checked facts, including POSIX rules in every form.
@Suite("Time-zone rules")
struct ZoneRulesTests {
  /// Zones whose rules have not changed for years, so any recent system tz data agrees.
  static let stable = [
    "America/New_York", "America/Los_Angeles", "Europe/Berlin", "Europe/London", "Australia/Sydney",
    "Asia/Kolkata", "Asia/Kathmandu", "Asia/Tokyo", "Pacific/Chatham", "Pacific/Auckland", "Africa/Johannesburg",
    "America/St_Johns", "Australia/Lord_Howe", "Asia/Tehran", "UTC",
  ]

  @Test("offsets agree with Foundation's TimeZone every 6 hours from 2015 to 2045, and every 3 days from 1970", arguments: stable)
  func agreesWithFoundation(_ name: String) throws {
    let zone = try #require(TimeZones.zone(name))
    guard let reference = TimeZone(identifier: name) else { return }  // no system tz data here
    var mismatches: [String] = []
    func check(_ t: Int64) {
      let expected = Int64(reference.secondsFromGMT(for: Date(timeIntervalSince1970: Double(t))))
      if zone.offset(at: t) != expected, mismatches.count < 5 { mismatches.append("\(t): \(zone.offset(at: t)) vs \(expected)") }
    }
    var t: Int64 = 1_420_070_400  // 2015-01-01
    while t < 2_366_841_600 {  // 2045-01-01
      check(t)
      t += 6 * 3600
    }
    t = 0
    while t < 1_420_070_400 {
      check(t)
      t += 3 * 86_400
    }
    #expect(mismatches.isEmpty, "\(name): \(mismatches)")
  }

  /// The IANA release of the machine's tz data, from the first line of tzdata.zi.
  static var systemVersion: String? {
    guard let text = try? String(contentsOfFile: "/usr/share/zoneinfo/tzdata.zi", encoding: .utf8),
      let first = text.split(separator: "\n").first, first.hasPrefix("# version ")
    else { return nil }
    return String(first.dropFirst("# version ".count))
  }

  @Test("every zone agrees with the system's tz data when it is the same release (every 6 hours in 2020-2030, every 5 days 1970-2041)")
  func everyZoneAgrees() throws {
    guard Self.systemVersion == TimeZones.version else { return }  // other data: only the stable zones above
    var bad: [String] = []
    var compared = 0
    for name in TimeZones.names {
      guard let reference = TimeZone(identifier: name), let zone = TimeZones.zone(name) else { continue }
      compared += 1
      var t: Int64 = 0
      while t < 2_240_524_800 {
        let expected = Int64(reference.secondsFromGMT(for: Date(timeIntervalSince1970: Double(t))))
        if zone.offset(at: t) != expected {
          bad.append("\(name) at \(t): \(zone.offset(at: t)) vs \(expected)")
          break
        }
        t += t > 1_577_836_800 && t < 1_893_456_000 ? 6 * 3600 : 5 * 86_400
      }
    }
    #expect(compared > 500)
    #expect(bad.isEmpty, "\(bad.prefix(10))")
  }

  @Test("New York's 2024 changes happen at 2:00 local: 07:00 UTC on March 10, 06:00 UTC on November 3")
  func newYork2024() throws {
    let ny = try #require(TimeZones.zone("America/New_York"))
    let march10 = Int64(1_710_054_000)  // 2024-03-10T07:00:00Z
    #expect(ny.offset(at: march10 - 1) == -5 * 3600)
    #expect(ny.offset(at: march10) == -4 * 3600)
    let november3 = Int64(1_730_613_600)  // 2024-11-03T06:00:00Z
    #expect(ny.offset(at: november3 - 1) == -4 * 3600)
    #expect(ny.offset(at: november3) == -5 * 3600)
    #expect(ny.nextTransition(after: march10 - 100) == march10)
    #expect(ny.nextTransition(after: march10) == november3)
    // Far past the listed transitions, the POSIX rule: 2090-03-12T07:00:00Z.
    let t2090 = Int64(3_792_985_200)
    #expect(ny.offset(at: t2090 - 1) == -5 * 3600 && ny.offset(at: t2090) == -4 * 3600)
    #expect(ny.nextTransition(after: t2090 - 3600) == t2090)
  }

  @Test("Local wall-clock times to instants: ordinary, in the spring gap (moved forward), in the fall overlap (the earlier)")
  func localToInstant() throws {
    let ny = try #require(TimeZones.zone("America/New_York"))
    let localMidnight = Int64(1_709_251_200)  // 2024-03-01T00:00:00 read as UTC
    #expect(ny.instant(local: localMidnight) == localMidnight + 5 * 3600)
    let gap = Int64(1_710_037_800)  // 2024-03-10T02:30:00, which New York skips
    #expect(ny.instant(local: gap) == gap + 5 * 3600, "read as 03:30 EDT = 07:30 UTC")
    let overlap = Int64(1_730_597_400)  // 2024-11-03T01:30:00, which New York lives twice
    #expect(ny.instant(local: overlap) == overlap + 4 * 3600, "the EDT one, 05:30 UTC")
    let utc = try #require(TimeZones.zone("UTC"))
    #expect(utc.instant(local: gap) == gap)
  }

  @Test("POSIX rules in each form")
  func posixRules() throws {
    let ny = try #require(PosixRule("EST5EDT,M3.2.0,M11.1.0"))
    #expect(ny.standard == -18_000 && ny.daylight == -14_400)
    #expect(ny.offset(at: 1_710_054_000) == -14_400 && ny.offset(at: 1_710_053_999) == -18_000)
    let kathmandu = try #require(PosixRule("<+0545>-5:45"))
    #expect(kathmandu.offset(at: 0) == 20_700 && kathmandu.daylight == nil)
    // Southern hemisphere: DST from October to April.
    let sydney = try #require(PosixRule("AEST-10AEDT,M10.1.0,M4.1.0/3"))
    #expect(sydney.offset(at: 1_704_067_200) == 39_600)  // 2024-01-01, summer
    #expect(sydney.offset(at: 1_719_792_000) == 36_000)  // 2024-07-01, winter
    // Hours past 24 and a daylight offset given explicitly.
    let jerusalem = try #require(PosixRule("IST-2IDT,M3.4.4/26,M10.5.0"))
    #expect(jerusalem.offset(at: 1_711_670_400) == 10_800)  // 2024-03-29T00:00Z, after Friday 02:00
    let julian = try #require(PosixRule("XXX3YYY,J60/2,J300/2"))
    #expect(julian.standard == -10_800 && julian.daylight == -7_200)
    let zeroBased = try #require(PosixRule("XXX3YYY2,59,299"))
    #expect(zeroBased.daylight == -7_200)
    for bad in ["", "E5", "EST", "EST5EDT,M13.1.0,M11.1.0", "EST5EDT,M3.2.0", "<+01", "EST5EDT,M3.6.0,M11.1.0"] {
      #expect(PosixRule(bad) == nil, "'\(bad)' parsed")
    }
  }

  @Test("every embedded name decodes, with a POSIX rule that parses; unknown names are nil")
  func everyZoneDecodes() {
    let names = TimeZones.names
    #expect(names.count > 500)
    #expect(names.contains("America/New_York") && names.contains("UTC") && names.contains("Asia/Kolkata"))
    for name in names {
      let data = TimeZones.zone(name)
      #expect(data != nil, "\(name)")
      #expect(data?.rule != nil, "\(name) has no usable POSIX rule")
    }
    #expect(TimeZones.zone("Mars/Olympus_Mons") == nil)
    #expect(TimeZones.version == "2025b")
  }
}
