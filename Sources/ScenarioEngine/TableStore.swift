import ScenarioIR

/// The columns of a generated table that later tables read: stored slots, row identities (for
/// child tables of this table) and the written key. Immutable once its table is complete.
final class TableStore: @unchecked Sendable {
  let name: String
  var rowCount = 0
  /// `columns[slot]` holds every row's value for stored slots, and is empty for the others.
  var columns: [StoredColumn]
  /// Row identities, kept only for child tables (base tables derive them from the row number).
  var rowKeys: [UInt64] = []
  var subs: [UInt32] = []
  /// The slot written for references to this table, if it declares a single-column key.
  let keySlot: Int?
  /// For a part of a shared output: the rows of the parts before it (a reference to a part
  /// without a key is written as its row number in the output).
  var rowOffset = 0

  /// For a sparse parent (`SparseParents`): the rows kept, shared with every column.
  private(set) var index: RowIndex? = nil

  /// Keeps only the rows appended with `append(_:storedSlots:keeping:)` from now on.
  func makeSparse() {
    let index = RowIndex()
    self.index = index
    for c in columns.indices { columns[c].index = index }
  }

  init(name: String, slotTypes: [ValueType], keySlot: Int?) {
    self.name = name
    self.columns = slotTypes.map { StoredColumn(for: $0) }
    self.keySlot = keySlot
  }

  /// The identity of a row, for deriving its children's identities.
  func identity(of row: Int) -> (key: UInt64, sub: UInt32) {
    rowKeys.isEmpty ? (UInt64(row), 0) : (rowKeys[row], subs[row])
  }

  /// The value written for a reference to `row`: its key, or its 1-based row number.
  func keyValue(of row: Int) -> Value {
    if let k = keySlot, !columns[k].isEmpty { return columns[k][row] }
    return .int(Int64(row + rowOffset) + 1)
  }
}
