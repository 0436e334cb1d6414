import Foundation
import ScenarioDiagnostics
import ScenarioKit
import Testing

/// The pack functions in both engines: the column-wise engine gives the row interpreter's bytes
/// with nulls and row-varying locales, at every chunk size and thread count; unique emails and
/// user names never repeat; an unknown locale that varies by row is the same R0701 from both.
@Suite("Pack functions in the engines")
struct PackEngineTests {
  static let source = #"""
    scenario pack_engines
    seed 13
    table t [3000] {
      locale: text? = bernoulli(5%) ? null : choice { "de_DE" 3, "ja_JP" 1, "DE" 1 }
      sex = choice { "F" 1, "M" 1, "female" 1 }
      first: text? = first_name(locale, sex)
      any_first: text? = first_name(locale)
      last: text? = last_name(locale)
      full: text? = full_name(locale)
      user: text? = username(first, last)
      mail: text? = email(first, last)
      own_mail: text? = email(first, last, "shop.test")
      handle: text? = unique_username(coalesce(first, "x"), last)
      unique_mail = unique_email(coalesce(first, ""), coalesce(last, "Émile"))
      phone: text? = phone(locale)
      mobile: text? = phone(locale, "mobile")
      national: text? = phone_national(phone)
      street = street_address("de_DE")
      city: text? = city(locale)
      region: text? = region(coalesce(locale, "DE"), city)
      code: text? = region_code(coalesce(locale, "DE"), city)
      zip: text? = postal_code(locale, city)
      any_zip = postal_code("DE")
      country = country_code()
      name = country_name(country)
      alpha3 = country_code3(country)
      home: text? = locale_country(locale)
      firm = company("de_DE")
      job = job_title("de_DE")
      w = word("de_DE")
    }
    """#

  @Test("the column-wise engine gives the row interpreter's bytes", arguments: [1, 7, 2048])
  func enginesAgree(chunkSize: Int) throws {
    let program = try EngineFixture.compile(Self.source)
    let rows = try EngineFixture.run(program, chunkSize: chunkSize, columnWise: false)
    let columns = try EngineFixture.run(program, threads: 2, chunkSize: chunkSize)
    #expect(rows.files["t.csv"] == columns.files["t.csv"], "t.csv differs at chunk size \(chunkSize)")
    let t = try #require(columns.tables["t"])
    for name in ["first", "phone", "zip", "home"] {
      #expect(t.column(name).contains(nil) && t.column(name).contains { $0 != nil }, "\(name)")
    }
    let handles = t.column("handle").compactMap { $0 }
    #expect(Set(handles).count == handles.count && handles.count > 2500, "a unique user name repeats")
    #expect(Set(t.values("unique_mail")).count == 3000, "a unique email repeats")
    #expect(t.column("mail").compactMap { $0 }.allSatisfy { $0.contains("@") })
    #expect(t.column("own_mail").compactMap { $0 }.allSatisfy { $0.hasSuffix("@shop.test") })
    #expect(t.column("phone").compactMap { $0 }.allSatisfy { $0.hasPrefix("+49") || $0.hasPrefix("+81") })
  }

  @Test("the program names the packs' version; a program without pack functions names none")
  func version() throws {
    let program = try EngineFixture.compile(Self.source)
    #expect(program.dataPacks["scenario-packs"]?.isEmpty == false)
    let plain = try EngineFixture.compile("scenario p\nseed 1\ntable t [2] { x = country_name(\"DE\") }\n")
    #expect(plain.dataPacks.keys.sorted() == ["scenario-packs"], "a folded pack lookup still depends on the packs")
    let none = try EngineFixture.compile("scenario p\nseed 1\ntable t [2] { x = row }\n")
    #expect(none.dataPacks.isEmpty)
  }

  @Test("an unknown locale that varies by row is the same R0701 from both engines")
  func unknownLocaleAtRunTime() throws {
    let source = """
      scenario bad_locale
      seed 1
      table t [50] {
        locale = choice { "de_DE" 9, "xx_XX" 1 }
        first = first_name(locale)
      }
      """
    let program = try EngineFixture.compile(source)
    let diagnostics = try EngineFixture.diagnostics(
      program, settings: [(columnWise: false, sparseParents: false), (columnWise: true, sparseParents: true)])
    #expect(diagnostics.map(\.code) == [.runtimeInvalidParameter, .runtimeInvalidParameter])
    #expect(diagnostics.first?.message == diagnostics.last?.message)
    #expect(diagnostics.first?.message.contains("no pack for 'xx_XX'") == true, "\(diagnostics)")
  }
}
