import ScenarioDiagnostics

/// The constant parameters of a `calendar { }` expression (see `CalendarSampler`).
public struct CalendarIR: Sendable, Equatable {
  /// Window start (inclusive) and end (exclusive), seconds since the epoch (UTC).
  public var start: Int64
  public var end: Int64
  /// Relative weight of each hour of the day, 0-23.
  public var hourWeights: [Double]
  /// The hour weights on Saturdays and Sundays (nil: the same as `hourWeights`).
  public var weekendHourWeights: [Double]?
  /// Relative volume of each ISO weekday, Monday first.
  public var weekdayWeights: [Double]
  /// Day `d` of `n` has weight `1 + trend * d / n`.
  public var trend: Double
  /// Resolution of the drawn instants, in seconds.
  public var step: Int64
  /// The IANA time zone of the hours and days (nil: UTC).
  public var zone: String? = nil

  public init(
    start: Int64, end: Int64, hourWeights: [Double], weekendHourWeights: [Double]?,
    weekdayWeights: [Double], trend: Double, step: Int64
  ) {
    self.start = start
    self.end = end
    self.hourWeights = hourWeights
    self.weekendHourWeights = weekendHourWeights
    self.weekdayWeights = weekdayWeights
    self.trend = trend
    self.step = step
  }
}

