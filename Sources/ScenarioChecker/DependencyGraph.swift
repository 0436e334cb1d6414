/// Orders the nodes of a dependency graph so that every node comes after what it depends on.
/// Ties are broken by the original index, so the order is deterministic and, where dependencies
/// allow, follows declaration order (Kahn's algorithm with a smallest-index-first choice).
enum DependencyGraph {
  /// Returns the order, or the nodes of one cycle (in path order, first node repeated at the end).
  static func order(_ dependencies: [Set<Int>]) -> Result<[Int], CycleError> {
    let n = dependencies.count
    let remaining = dependencies
    var done = [Bool](repeating: false, count: n)
    var result: [Int] = []
    result.reserveCapacity(n)
    while result.count < n {
      guard let next = (0..<n).first(where: { !done[$0] && remaining[$0].allSatisfy { done[$0] } }) else {
        return .failure(CycleError(path: findCycle(remaining, done: done)))
      }
      done[next] = true
      result.append(next)
    }
    return .success(result)
  }

  /// Walks dependencies from the first unfinished node until a node repeats.
  static func findCycle(_ deps: [Set<Int>], done: [Bool]) -> [Int] {
    guard var node = (0..<deps.count).first(where: { !done[$0] }) else { return [] }
    var path: [Int] = []
    while !path.contains(node) {
      path.append(node)
      guard let next = deps[node].sorted().first(where: { !done[$0] }) else { return path }
      node = next
    }
    let start = path.firstIndex(of: node) ?? 0
    return Array(path[start...]) + [node]
  }

  struct CycleError: Error {
    var path: [Int]
  }
}
