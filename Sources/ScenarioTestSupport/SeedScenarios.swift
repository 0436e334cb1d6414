/// Scenarios that more than one test target seeds databases with.
public enum SeedScenarios {
  /// Users the database keys (`SYN_` logins, owned), each with two posts owned through them.
  public static let usersAndPosts = #"""
    scenario seed_db
    seed 1
    param n = 4
    table users [n] {
      key user_id assigned
      natural key login
      on conflict skip
      owned where starts_with(login, "SYN_")
      user_id = row + 1
      login = "SYN_" ++ pad(row + 1, 3)
    }
    table posts [2 per u in users] {
      key post_id assigned
      natural key author, number
      on conflict skip
      owned through author
      post_id = row + 1
      author = u
      number = row + 1
      words = uniform_int(10, 500)
    }
    """#
}
