import ScenarioDiagnostics

// MARK: - Numbers, percentages, durations, dates

extension Lexer {
  /// A number literal and its suffixes: `42`, `1_000`, `3.5`, `1e-3`, `10%`, `30d`, `1.5h`,
  /// or a date `2024-06-30` / date-time `2024-06-30T15:00:00`.
  mutating func scanNumber() -> Token {
    let start = pos
    if let token = scanDateTime() { return token }
    var isFloat = false
    consumeDigits()
    if peek(0) == UInt8(ascii: "."), isDigit(peek(1)) {
      isFloat = true
      pos += 1
      consumeDigits()
    }
    if peek(0) == UInt8(ascii: "e") || peek(0) == UInt8(ascii: "E") {
      let sign = peek(1) == UInt8(ascii: "+") || peek(1) == UInt8(ascii: "-") ? 1 : 0
      if isDigit(peek(1 + sign)) {
        isFloat = true
        pos += 1 + sign
        consumeDigits()
      }
    }
    let digitsEnd = pos
    let text = String(decoding: bytes[start..<digitsEnd].filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
    // A `%` glued to the number is a percentage, unless an operand follows (`7%3` is modulo).
    if peek(0) == UInt8(ascii: "%"), !isIdentContinue(peek(1)), peek(1) != UInt8(ascii: "(") {
      pos += 1
      guard let value = Double(text) else { return badNumber(start) }
      guard value.isFinite else { return tooLargeFloat(start) }
      return Token(kind: .percent(value / 100), span: span(start, pos), text: sourceText(start))
    }
    if isIdentStart(peek(0)) {
      return scanDuration(start: start, number: text)
    }
    if isFloat {
      guard let value = Double(text) else { return badNumber(start) }
      guard value.isFinite else { return tooLargeFloat(start) }
      return Token(kind: .float(value), span: span(start, pos), text: sourceText(start))
    }
    guard let value = Int64(text) else {
      if let wide = UInt64(text) { return Token(kind: .wideInt(wide), span: span(start, pos), text: sourceText(start)) }
      if text.allSatisfy({ $0.isASCII && $0.isNumber }) { return tooLargeInteger(start) }
      return badNumber(start)
    }
    return Token(kind: .int(value), span: span(start, pos), text: sourceText(start))
  }

  /// A number followed by a unit: `d` days, `h` hours, `m` minutes, `s` seconds, `w` weeks.
  mutating func scanDuration(start: Int, number: String) -> Token {
    let unitStart = pos
    while pos < bytes.count, isIdentContinue(bytes[pos]) { pos += 1 }
    let unit = String(decoding: bytes[unitStart..<pos], as: UTF8.self)
    let seconds: Double
    switch unit {
    case "s": seconds = 1
    case "m": seconds = 60
    case "h": seconds = 3600
    case "d": seconds = 86_400
    case "w": seconds = 604_800
    default:
      let s = span(start, pos)
      diagnostics.error(
        .invalidNumber, "invalid number literal '\(sourceText(start))'", at: s,
        label: "unknown suffix '\(unit)'",
        help: "durations use the units s, m, h, d and w, e.g. '90m'")
      return Token(kind: .invalid, span: s, text: sourceText(start))
    }
    guard let value = Double(number), (value * seconds).magnitude < 9e15 else {
      return badNumber(start)
    }
    let total = (value * seconds).rounded(.toNearestOrAwayFromZero)  // as seconds(x) does
    return Token(kind: .duration(Int64(total)), span: span(start, pos), text: sourceText(start))
  }

  /// `YYYY-MM-DD` optionally followed by `THH:MM[:SS][Z | (+|-)HH:MM]`; nil if the text is not
  /// date-shaped.
  mutating func scanDateTime() -> Token? {
    func digitsAt(_ offset: Int, _ count: Int) -> Int64? {
      var value: Int64 = 0
      for i in 0..<count {
        let b = peek(offset + i)
        guard isDigit(b) else { return nil }
        value = value * 10 + Int64(b - 0x30)
      }
      return value
    }
    guard let year = digitsAt(0, 4), peek(4) == UInt8(ascii: "-"), let month = digitsAt(5, 2),
      peek(7) == UInt8(ascii: "-"), let day = digitsAt(8, 2), !isDigit(peek(10))
    else { return nil }
    let start = pos
    pos += 10
    var seconds: Int64? = nil
    if peek(0) == UInt8(ascii: "T"), let hh = digitsAt(1, 2), peek(3) == UInt8(ascii: ":"),
      let mm = digitsAt(4, 2)
    {
      var ss: Int64 = 0
      pos += 6
      if peek(0) == UInt8(ascii: ":"), let s = digitsAt(1, 2) {
        ss = s
        pos += 3
      }
      // A UTC offset: `Z`, or `+HH:MM` / `-HH:MM` written right after the time. The value is
      // the UTC instant: 2024-06-30T00:00:00+02:00 is 2024-06-29T22:00:00Z.
      var offset: Int64 = 0
      if peek(0) == UInt8(ascii: "Z") {
        pos += 1
      } else if peek(0) == UInt8(ascii: "+") || peek(0) == UInt8(ascii: "-"), let oh = digitsAt(1, 2),
        peek(3) == UInt8(ascii: ":"), let om = digitsAt(4, 2)
      {
        let sign: Int64 = peek(0) == UInt8(ascii: "-") ? -1 : 1
        pos += 6
        guard oh <= 18, om < 60, oh * 3600 + om * 60 <= 18 * 3600 else {
          return badDate(start, "UTC offset out of range (at most 18:00)")
        }
        offset = sign * (oh * 3600 + om * 60)
      }
      guard hh < 24, mm < 60, ss < 60 else { return badDate(start, "time of day out of range") }
      seconds = hh * 3600 + mm * 60 + ss - offset
    }
    if isIdentContinue(peek(0)) { return badDate(start, "unexpected text after the date") }
    guard month >= 1, month <= 12 else { return badDate(start, "month \(month) does not exist") }
    let dim = CivilCalendar.daysInMonth(year: year, month: month)
    guard day >= 1, day <= dim else {
      return badDate(start, "day \(day) does not exist in \(year)-\(month < 10 ? "0" : "")\(month)")
    }
    let days = CivilCalendar.days(year: year, month: month, day: day)
    let text = sourceText(start)
    if let seconds {
      return Token(kind: .datetime(days * 86_400 + seconds), span: span(start, pos), text: text)
    }
    return Token(kind: .date(days), span: span(start, pos), text: text)
  }

  mutating func consumeDigits() {
    while pos < bytes.count, isDigit(bytes[pos]) || bytes[pos] == UInt8(ascii: "_") { pos += 1 }
  }

  /// A float literal beyond the largest double (`1e400`, `1e400%`): an error, never infinity.
  mutating func tooLargeFloat(_ start: Int) -> Token {
    let s = span(start, pos)
    diagnostics.error(
      .invalidNumber, "number literal '\(sourceText(start))' is too large", at: s,
      label: "beyond the largest float",
      notes: ["floats are 64-bit: the largest is about 1.8e308"])
    return Token(kind: .invalid, span: s, text: sourceText(start))
  }

  /// An integer literal beyond every 64-bit integer.
  mutating func tooLargeInteger(_ start: Int) -> Token {
    let s = span(start, pos)
    diagnostics.error(
      .invalidNumber, "integer literal '\(sourceText(start))' is too large", at: s,
      label: "beyond 64 bits", notes: [Lexer.integerRangeNote])
    return Token(kind: .invalid, span: s, text: sourceText(start))
  }

  /// The range of integer values, as notes state it.
  public static let integerRangeNote =
    "integers are 64-bit: from -9223372036854775808 to 9223372036854775807 (a seed: 0 to 18446744073709551615)"

  mutating func badNumber(_ start: Int) -> Token {
    while pos < bytes.count, isIdentContinue(bytes[pos]) || bytes[pos] == UInt8(ascii: ".") {
      if bytes[pos] == UInt8(ascii: "."), peek(1) == UInt8(ascii: ".") { break }
      pos += 1
    }
    let s = span(start, pos)
    diagnostics.error(
      .invalidNumber, "invalid number literal '\(sourceText(start))'", at: s,
      label: "not a valid number", notes: ["a number is digits with an optional fraction and exponent ('1_000', '2.5', '1e-3'), then '%' or a unit ('s', 'm', 'h', 'd', 'w')"])
    return Token(kind: .invalid, span: s, text: sourceText(start))
  }

  mutating func badDate(_ start: Int, _ reason: String) -> Token {
    while pos < bytes.count, isIdentContinue(bytes[pos]) || bytes[pos] == UInt8(ascii: ":") {
      pos += 1
    }
    let s = span(start, pos)
    diagnostics.error(
      .invalidDateTime, "invalid date literal '\(sourceText(start))'", at: s, label: reason,
      help: "write dates as YYYY-MM-DD and date-times as YYYY-MM-DDTHH:MM:SS")
    return Token(kind: .invalid, span: s, text: sourceText(start))
  }

  func sourceText(_ start: Int) -> String {
    String(decoding: bytes[start..<pos], as: UTF8.self)
  }
}

// MARK: - Strings

extension Lexer {
  /// A double-quoted string with escapes `\n \t \r \" \\ \0 \u{XXXX}`; it may not span lines.
  mutating func scanString() -> Token {
    let start = pos
    pos += 1
    var out: [UInt8] = []
    while true {
      guard pos < bytes.count, bytes[pos] != UInt8(ascii: "\n") else {
        let s = span(start, pos)
        diagnostics.error(
          .unterminatedString, "unterminated string literal", at: SourceSpan(file: file.id, start: start, end: start + 1),
          label: "string starts here", help: "close it with '\"' on the same line; use '\\n' for a line break")
        return Token(kind: .string, span: s, text: String(decoding: out, as: UTF8.self))
      }
      let b = bytes[pos]
      if b == UInt8(ascii: "\"") {
        pos += 1
        break
      }
      if b == UInt8(ascii: "\\") {
        scanEscape(into: &out)
        continue
      }
      if b >= 0x80 {
        scanUTF8(into: &out)
        continue
      }
      out.append(b)
      pos += 1
    }
    return Token(kind: .string, span: span(start, pos), text: String(decoding: out, as: UTF8.self))
  }

  /// The number of `#` of a raw string starting here (`r"`, `r#"`, `r##"` ...), or nil when
  /// there is none (`r` is then an identifier's first letter).
  func rawStringHashes() -> Int? {
    guard peek(0) == UInt8(ascii: "r") else { return nil }
    var i = pos + 1
    while i < bytes.count, bytes[i] == UInt8(ascii: "#") { i += 1 }
    guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return nil }
    return i - pos - 1
  }

  /// A raw string, `r"..."` or `r#"..."#`: every character stands for itself (a backslash too),
  /// up to a quote followed by as many `#` as opened it; on one line. Regular-expression patterns
  /// are written this way (`pattern(r"\d{3}")`).
  mutating func scanRawString(hashes: Int) -> Token {
    let start = pos
    pos += 2 + hashes
    let contentStart = pos
    while pos < bytes.count, bytes[pos] != UInt8(ascii: "\n") {
      if bytes[pos] == UInt8(ascii: "\""),
        (0..<hashes).allSatisfy({ pos + 1 + $0 < bytes.count && bytes[pos + 1 + $0] == UInt8(ascii: "#") })
      {
        var out: [UInt8] = []
        var i = contentStart
        while i < pos {
          guard bytes[i] >= 0x80 else {
            out.append(bytes[i])
            i += 1
            continue
          }
          guard let length = validUTF8Length(at: i) else {
            diagnostics.error(
              .invalidUTF8, "invalid UTF-8 in string literal", at: span(i, i + 1),
              label: "byte 0x" + String(bytes[i], radix: 16, uppercase: true) + " is not valid UTF-8")
            i += 1
            continue
          }
          out.append(contentsOf: bytes[i..<(i + length)])
          i += length
        }
        pos += 1 + hashes
        return Token(kind: .string, span: span(start, pos), text: String(decoding: out, as: UTF8.self))
      }
      pos += 1
    }
    let closing = "\"" + String(repeating: "#", count: hashes)
    diagnostics.error(
      .unterminatedString, "unterminated raw string literal",
      at: SourceSpan(file: file.id, start: start, end: start + 2 + hashes),
      label: "raw string starts here", help: "close it with '\(closing)' on the same line")
    return Token(kind: .string, span: span(start, pos), text: String(decoding: bytes[contentStart..<pos], as: UTF8.self))
  }

  /// One escape sequence after a backslash.
  mutating func scanEscape(into out: inout [UInt8]) {
    let start = pos
    pos += 1
    let e = peek(0)
    pos += 1
    switch e {
    case UInt8(ascii: "n"): out.append(0x0A)
    case UInt8(ascii: "t"): out.append(0x09)
    case UInt8(ascii: "r"): out.append(0x0D)
    case UInt8(ascii: "0"): out.append(0x00)
    case UInt8(ascii: "\""): out.append(0x22)
    case UInt8(ascii: "\\"): out.append(0x5C)
    case UInt8(ascii: "u"):
      var value: UInt32 = 0
      var digits = 0
      if peek(0) == UInt8(ascii: "{") {
        pos += 1
        while let h = hexValue(peek(0)), digits < 8 {
          value = value * 16 + h
          digits += 1
          pos += 1
        }
        if peek(0) == UInt8(ascii: "}"), digits > 0, let scalar = Unicode.Scalar(value) {
          pos += 1
          out.append(contentsOf: Array(String(Character(scalar)).utf8))
          return
        }
      }
      fallthrough
    default:
      if e == UInt8(ascii: "\n") || e == 0 { pos -= 1 }
      // A backslash before a multi-byte character: the whole character is the bad escape.
      if e >= 0x80 { while pos < bytes.count, bytes[pos] & 0xC0 == 0x80 { pos += 1 } }
      diagnostics.error(
        .invalidEscape, "invalid escape sequence in string", at: span(start, pos),
        label: "not a valid escape", help: "valid escapes are \\n \\t \\r \\0 \\\" \\\\ and \\u{XXXX}")
    }
  }

  /// Copies one multi-byte UTF-8 scalar, reporting invalid sequences.
  mutating func scanUTF8(into out: inout [UInt8]) {
    let start = pos
    let lead = bytes[pos]
    let length = lead >= 0xF0 && lead < 0xF5 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 && lead < 0xE0 ? 2 : 0
    if length > 0, pos + length <= bytes.count {
      let scalarBytes = Array(bytes[pos..<(pos + length)])
      var decoded = 0
      var valid = true
      var it = scalarBytes.makeIterator()
      var decoder = UTF8()
      switch decoder.decode(&it) {
      case .scalarValue: decoded = 1
      default: valid = false
      }
      if valid, decoded == 1 {
        out.append(contentsOf: scalarBytes)
        pos += length
        return
      }
    }
    pos += 1
    while pos < bytes.count, bytes[pos] & 0xC0 == 0x80 { pos += 1 }
    diagnostics.error(.invalidUTF8, "invalid UTF-8 in string literal", at: span(start, pos), label: "not valid UTF-8")
  }
}

/// The value of a hexadecimal digit, or nil.
func hexValue(_ b: UInt8) -> UInt32? {
  switch b {
  case 0x30...0x39: UInt32(b - 0x30)
  case 0x61...0x66: UInt32(b - 0x61 + 10)
  case 0x41...0x46: UInt32(b - 0x41 + 10)
  default: nil
  }
}
