/// Orders the nodes of a dependency graph so that every node comes after what it depends on.
/// Ties are broken by the original index, so the order is deterministic and, where dependencies
/// allow, follows declaration order (Kahn's algorithm with a smallest-index-first choice).
enum DependencyGraph {
  /// Returns the order, or the nodes of one cycle (in path order, first node repeated at the end).
  static func order(_ dependencies: [Set<Int>]) -> Result<[Int], CycleError> {
    let n = dependencies.count
    var waiting = [Int](repeating: 0, count: n)
    var dependents = [[Int]](repeating: [], count: n)
    for (node, deps) in dependencies.enumerated() {
      for d in deps where d >= 0 && d < n && d != node {
        waiting[node] += 1
        dependents[d].append(node)
      }
      if deps.contains(node) { waiting[node] += 1 }  // a self-dependency is a cycle
    }
    var ready = MinHeap()
    for node in 0..<n where waiting[node] == 0 { ready.push(node) }
    var done = [Bool](repeating: false, count: n)
    var result: [Int] = []
    result.reserveCapacity(n)
    while let next = ready.pop() {
      done[next] = true
      result.append(next)
      for m in dependents[next] {
        waiting[m] -= 1
        if waiting[m] == 0 { ready.push(m) }
      }
    }
    if result.count < n { return .failure(CycleError(path: findCycle(dependencies, done: done))) }
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

  /// A binary min-heap of node indices (smallest index first).
  struct MinHeap {
    var items: [Int] = []

    mutating func push(_ x: Int) {
      items.append(x)
      var i = items.count - 1
      while i > 0 {
        let parent = (i - 1) / 2
        if items[parent] <= items[i] { break }
        items.swapAt(parent, i)
        i = parent
      }
    }

    mutating func pop() -> Int? {
      guard let first = items.first else { return nil }
      let last = items.removeLast()
      if items.isEmpty { return first }
      items[0] = last
      var i = 0
      while true {
        let l = 2 * i + 1
        let r = l + 1
        var smallest = i
        if l < items.count, items[l] < items[smallest] { smallest = l }
        if r < items.count, items[r] < items[smallest] { smallest = r }
        if smallest == i { break }
        items.swapAt(i, smallest)
        i = smallest
      }
      return first
    }
  }

  struct CycleError: Error {
    var path: [Int]
  }
}
