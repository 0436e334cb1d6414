import Foundation

/// The value packs compiled into the binary (Docs/Values.md, "Packs"; Docs/Data.md): one per
/// locale, and the world's countries. They are parsed on first use and then shared, read only,
/// by every thread.
public enum Packs {
  /// The packs' version: a new version changes drawn values, so the run summary and the
  /// manifest name it.
  public static var version: String { PackBlobs.version }

  /// The locales, sorted (`de_DE`, `en_GB`, ...).
  public static let localeNames: [String] = PackBlobs.locales.map(\.name)

  /// Every locale's pack, by locale and by country, parsed together on first use (a few
  /// milliseconds), so that a lookup per row is one dictionary read and takes no lock.
  private static let packs: [String: LocalePack] = {
    var packs: [String: LocalePack] = [:]
    for (name, blob) in PackBlobs.locales { packs[name] = LocalePack(PackText(blob)) }
    for (country, name) in countryLocales { packs[country] = packs[name] }
    return packs
  }()

  /// The locale named `name` (`de_DE`), or the locale of the country `name` (`DE`) when one
  /// locale has that country.
  public static func locale(_ name: String) -> LocalePack? { packs[name] }

  /// Whether `name` names a locale or a country with a locale, without parsing any pack.
  public static func knows(_ name: String) -> Bool { localeNames.contains(name) || countryLocales[name] != nil }

  /// Each country's locale, for the countries with exactly one.
  static let countryLocales: [String: String] = {
    var byCountry: [String: [String]] = [:]
    for name in localeNames {
      guard let country = name.split(separator: "_").last else { continue }
      byCountry[String(country), default: []].append(name)
    }
    return byCountry.compactMapValues { $0.count == 1 ? $0[0] : nil }
  }()

  /// The packs of each calling code (1, 49), in locale order, for formatting numbers.
  public static let byCallingCodeNumber: [Int: [LocalePack]] = {
    var out: [Int: [LocalePack]] = [:]
    for name in localeNames {
      guard let pack = packs[name], let code = Int(pack.callingCode) else { continue }
      out[code, default: []].append(pack)
    }
    return out
  }()

  /// `byCallingCodeNumber` for the column-wise engine, in process-lifetime storage: the packs
  /// of calling code `c` (below 1000) are `callingCodePacks[callingCodeStarts[c] ..<
  /// callingCodeStarts[c + 1]]`, unretained (the packs live as long as the process).
  nonisolated(unsafe) public static let callingCodeStarts: UnsafeBufferPointer<Int> = callingCodeTable.starts
  nonisolated(unsafe) public static let callingCodePacks: UnsafeBufferPointer<Unmanaged<LocalePack>> = callingCodeTable.packs
  nonisolated(unsafe) private static let callingCodeTable: (starts: UnsafeBufferPointer<Int>, packs: UnsafeBufferPointer<Unmanaged<LocalePack>>) = {
    var starts: [Int] = [0]
    var list: [Unmanaged<LocalePack>] = []
    for code in 0..<1000 {
      for pack in byCallingCodeNumber[code] ?? [] { list.append(Unmanaged.passUnretained(pack)) }
      starts.append(list.count)
    }
    return (Immortal.buffer(starts), Immortal.buffer(list))
  }()

  /// An empty pack, for the functions that take no locale.
  public static let placeholder = LocalePack(PackText("pack\tnone\t0\n"))

  /// The world's countries.
  public static let world = WorldPack(PackText(PackBlobs.world))

  /// ASCII letters for a name in an email or user name: the pack's transliteration when a
  /// locale has the name, else the name's letters without their accents (canonical
  /// decomposition, marks dropped, `ß` as `ss`, `æ` `ø` `ł` and the like by letter), lower
  /// case; characters with no ASCII letter are dropped.
  public static func latin(_ name: String) -> String {
    if name.utf8.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) { return name }
    // Only names outside ASCII have a transliteration.
    if name.utf8.allSatisfy({ $0 < 0x80 }) { return fold(name) }
    return transliterations[name] ?? fold(name)
  }

  /// `latin(_:)` of every name outside ASCII in the packs' name tables, by the name's bytes,
  /// computed once: the column-wise engine looks a drawn name up instead of transliterating it
  /// per row.
  public static let latinIndex: (names: ByteIndex, latin: ByteList) = {
    var names: [String] = []
    var seen = Set<String>()
    for n in localeNames {
      guard let pack = locale(n) else { continue }
      for table in [pack.femaleFirstNames, pack.maleFirstNames, pack.lastNames] {
        for i in 0..<table.count where table.utf8[i].contains(where: { $0 >= 0x80 }) {
          let name = table.value(i)
          if seen.insert(name).inserted { names.append(name) }
        }
      }
    }
    let list = ByteList(names)
    return (ByteIndex(list), ByteList(names.map(latin)))
  }()

  /// Every pack's transliterations of its names (the first locale's, for a name in several).
  static let transliterations: [String: String] = {
    var all: [String: String] = [:]
    for n in localeNames {
      guard let pack = locale(n) else { continue }
      all.merge(pack.latin) { first, _ in first }
    }
    return all
  }()

  static let letters: [Unicode.Scalar: String] = [
    "ß": "ss", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d",
    "ð": "d", "Ð": "d", "þ": "th", "Þ": "th", "œ": "oe", "Œ": "oe", "ı": "i",
  ]

  /// The generic transliteration of `latin(_:)`.
  public static func fold(_ name: String) -> String {
    if name.utf8.allSatisfy({ $0 < 0x80 }) {
      // ASCII: letters in lower case and digits; no Unicode normalisation needed.
      var bytes: [UInt8] = []
      bytes.reserveCapacity(name.utf8.count)
      for b in name.utf8 {
        if b >= 0x41 && b <= 0x5A { bytes.append(b + 0x20) } else if (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) { bytes.append(b) }
      }
      return String(decoding: bytes, as: UTF8.self)
    }
    var out = ""
    for s in name.decomposedStringWithCanonicalMapping.unicodeScalars {
      if s.isASCII {
        let v = s.value
        if v >= 0x41 && v <= 0x5A {
          out.unicodeScalars.append(Unicode.Scalar(v + 0x20)!)
        } else if (v >= 0x61 && v <= 0x7A) || (v >= 0x30 && v <= 0x39) {
          out.unicodeScalars.append(s)
        } else if v == 0x2D || v == 0x27 || v == 0x20 {
          // Hyphens, apostrophes and spaces inside a name are dropped (o'neil -> oneil).
          continue
        }
      } else if let l = letters[s] {
        out += l
      }
    }
    return out
  }
}
