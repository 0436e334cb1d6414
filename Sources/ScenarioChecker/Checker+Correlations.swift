import ScenarioAST
import ScenarioDiagnostics
import ScenarioIR
import ScenarioRandom

/// One declared pair, resolved to slots.
struct CorrelationPair {
  var a: Int
  var b: Int
  var pearson: Bool
  var value: Double
  var decl: CorrelateDecl
}

extension Checker {
  /// Resolves `correlate` items, groups connected columns, solves each group's latent
  /// correlation matrix (Spearman: 2·sin(πρ/6) for continuous marginals, a root find for
  /// discrete ones; Pearson: a root find with Gauss–Hermite quadrature), checks feasibility and
  /// positive definiteness, and rewrites each member's marginal draw into a latent draw.
  mutating func checkCorrelations(_ t: Int) {
    var pairs: [CorrelationPair] = []
    for item in tables[t].decl.items {
      guard case .correlate(let c) = item.kind, let pair = resolvePair(t, c) else { continue }
      if let first = pairs.first(where: { $0.a == pair.a && $0.b == pair.b }) {
        diagnostics.error(
          .invalidCorrelation, "the correlation of '\(c.first.text)' and '\(c.second.text)' is declared twice",
          at: c.value.span, label: "second declaration", secondary: [Label(first.decl.value.span, "first declaration")])
        continue
      }
      pairs.append(pair)
    }
    guard !pairs.isEmpty else { return }
    var marginals: [Int: [LatentMarginal]] = [:]
    var failed = false
    for slot in Set(pairs.flatMap { [$0.a, $0.b] }).sorted() {
      if let m = extractMarginals(t, slot) { marginals[slot] = m } else { failed = true }
    }
    if failed { return }
    for group in correlationGroups(pairs) {
      solveGroup(t, members: group, pairs: pairs.filter { group.contains($0.a) }, marginals: marginals)
    }
  }

  /// Checks one `correlate` item's names and value.
  mutating func resolvePair(_ t: Int, _ c: CorrelateDecl) -> CorrelationPair? {
    var slots: [Int] = []
    for n in [c.first, c.second] {
      guard let s = tables[t].slotIndex[n.text], tables[t].slots[s].role != .persona else {
        diagnostics.error(
          .unknownColumn, "unknown column '\(n.text)' in table '\(tables[t].name)'", at: n.span,
          label: "not a column of '\(tables[t].name)'",
          help: suggest(n.text, tables[t].slots.filter { $0.role != .persona }.map(\.name.text)))
        return nil
      }
      slots.append(s)
    }
    if slots[0] == slots[1] {
      diagnostics.error(
        .invalidCorrelation, "a column cannot be correlated with itself", at: c.second.span,
        label: "same column")
      return nil
    }
    guard let v = targetNumber(c.value) else { return nil }
    guard v >= -1, v <= 1 else {
      diagnostics.error(
        .invalidCorrelation, "a correlation must be between -1 and 1", at: c.value.span,
        label: "this is \(Semantics.text(.float(v)))")
      return nil
    }
    return CorrelationPair(a: min(slots[0], slots[1]), b: max(slots[0], slots[1]), pearson: c.method?.text == "pearson", value: v, decl: c)
  }

  /// Connected components of the correlation graph, each sorted by slot (declaration order),
  /// components ordered by their first slot.
  func correlationGroups(_ pairs: [CorrelationPair]) -> [[Int]] {
    var parent: [Int: Int] = [:]
    func find(_ x: Int) -> Int {
      var r = x
      while let p = parent[r], p != r { r = p }
      return r
    }
    for p in pairs {
      if parent[p.a] == nil { parent[p.a] = p.a }
      if parent[p.b] == nil { parent[p.b] = p.b }
      let (ra, rb) = (find(p.a), find(p.b))
      if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
    }
    var groups: [Int: [Int]] = [:]
    for s in parent.keys.sorted() { groups[find(s), default: []].append(s) }
    return groups.keys.sorted().map { groups[$0] ?? [] }
  }

  /// The latent transform of a marginal, for solving correlations.
  func transform(_ m: LatentMarginal) -> LatentTransform? {
    switch m {
    case .distribution(let r, let params):
      return Distribution.make(name: r.rawValue, parameters: params).map { LatentTransform($0) }
    case .choice(_, let weights):
      return LatentTransform(categoricalWeights: weights)
    case .histogram(let edges, let weights):
      return EmpiricalHistogram(edges: edges, weights: weights).map { LatentTransform($0) }
    case .mixture(let components, let weights):
      return LatentMarginal.makeMixture(components, weights).map { LatentTransform($0) }
    }
  }

  /// Solves one group and rewrites its members' draws.
  mutating func solveGroup(_ t: Int, members: [Int], pairs: [CorrelationPair], marginals: [Int: [LatentMarginal]]) {
    let n = members.count
    var latent = [Double](repeating: 0, count: n * n)
    for i in 0..<n { latent[i * n + i] = 1 }
    var repair = false
    for p in pairs {
      guard let i = members.firstIndex(of: p.a), let j = members.firstIndex(of: p.b),
        let x = columnTransform(t, p.a, marginals), let y = columnTransform(t, p.b, marginals)
      else { return }
      if p.decl.repair != nil { repair = true }
      let solved: Result<Double, InfeasibleCorrelation> =
        p.pearson
        ? CorrelationMath.latentForPearson(target: p.value, x, y)
        : rankLatent(target: p.value, x, y)
      switch solved {
      case .success(let r):
        latent[i * n + j] = r
        latent[j * n + i] = r
      case .failure(let e):
        let kind = p.pearson ? "Pearson" : "rank"
        let range = e.attainable
        diagnostics.error(
          .infeasibleCorrelation,
          "a \(kind) correlation of \(Semantics.text(.float(p.value))) between '\(p.decl.first.text)' and '\(p.decl.second.text)' cannot be reached with their distributions",
          at: p.decl.value.span,
          label: "attainable: \(format4(range.lowerBound)) to \(format4(range.upperBound))",
          help: p.pearson ? "choose a target in the attainable range, or declare a rank correlation, which any continuous pair can reach" : nil)
        return
      }
    }
    guard var matrix = CorrelationMatrix(dimension: n, entries: latent) else { return }
    if !matrix.isPositiveDefinite {
      let names = members.map { "'\(tables[t].slots[$0].name.text)'" }.joined(separator: ", ")
      let anchor = pairs[0].decl.value.span
      if !repair {
        let smallest = matrix.eigenvalues().min() ?? 0
        diagnostics.error(
          .correlationNotPositiveDefinite,
          "the correlations between \(names) are inconsistent: no joint distribution has them",
          at: anchor, label: "part of an inconsistent set",
          notes: ["the latent correlation matrix has a negative eigenvalue (\(format4(smallest)))"],
          help: "change the targets, or write 'repair' after one of them to use the nearest consistent matrix")
        return
      }
      let repaired = matrix.nearestCorrelation()
      matrix = repaired.matrix
      diagnostics.warning(
        .correlationRepaired,
        "the correlations between \(names) were inconsistent and were repaired", at: anchor,
        label: "repaired", notes: ["the largest change of a latent correlation is \(format4(repaired.maxChange))"])
    }
    guard let l = matrix.cholesky() else { return }
    let first = tables[t].latentCount
    tables[t].latentCount += n
    tables[t].copulas.append(CopulaIR(members: members, firstLatent: first, cholesky: l))
    for (i, s) in members.enumerated() {
      guard var checked = tables[t].slots[s].checked else { continue }
      checked.expr = replaceMarginal(checked.expr, latent: first + i)
      tables[t].slots[s].checked = checked
    }
  }

  /// z ↦ the value of a member column (its base branch): the whole column expression when it is
  /// a function of the draw alone, else the bare draw.
  func columnTransform(_ t: Int, _ slot: Int, _ marginals: [Int: [LatentMarginal]]) -> ((Double) -> Double)? {
    guard let m = marginals[slot]?.first, let latent = transform(m), let checked = tables[t].slots[slot].checked else {
      return nil
    }
    var base = checked.expr
    if case .personaSwitch(let b, _) = base.kind { base = b }
    return ColumnShape.transform(base, marginal: m, latent: latent) ?? latent.value
  }

  /// The latent correlation for a rank target. A column that decreases with its draw
  /// (`10 - gamma(...)`) flips the sign of the rank correlation it passes on.
  func rankLatent(target: Double, _ x: @escaping (Double) -> Double, _ y: @escaping (Double) -> Double)
    -> Result<Double, InfeasibleCorrelation>
  {
    let sx: Double = x(1) < x(-1) ? -1 : 1
    let sy: Double = y(1) < y(-1) ? -1 : 1
    let fx: (Double) -> Double = sx < 0 ? { -x($0) } : x
    let fy: (Double) -> Double = sy < 0 ? { -y($0) } : y
    return CorrelationMath.latentForRankTarget(target: target * sx * sy, fx, fy).map { $0 }
  }

  /// Four significant decimals for messages.
  func format4(_ x: Double) -> String { Semantics.text(.float((x * 10_000).rounded() / 10_000)) }
}
