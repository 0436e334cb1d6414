/// The dates and date-times every target accepts: 0001-01-01 to 9999-12-31 (UTC). The checker
/// rejects a constant outside it (E0509); the encoders a computed one (R0708).
public enum DateRange {
  /// Days since 1970-01-01.
  public static let days: ClosedRange<Int64> = -719_162...2_932_896
  /// Seconds since 1970-01-01T00:00:00Z.
  public static let seconds: ClosedRange<Int64> = -62_135_596_800...253_402_300_799
}
