/// Lays out rows of cells in aligned columns for terminal output.
public struct TextColumns {
    /// How a column's cells line up.
    public enum Alignment { case left, right }

    var alignments: [Alignment]
    var rows: [[String]] = []

    /// Columns with these alignments.
    public init(_ alignments: [Alignment]) { self.alignments = alignments }

    /// Appends a row.
    public mutating func add(_ cells: [String]) { rows.append(cells) }

    /// The rows, columns separated by two spaces, trailing spaces trimmed.
    public func rendered() -> String {
        var widths = [Int](repeating: 0, count: alignments.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        return rows.map { row in
            var line = ""
            for (i, cell) in row.enumerated() {
                let pad = String(repeating: " ", count: max(0, widths[min(i, widths.count - 1)] - cell.count))
                if i > 0 { line += "  " }
                line += alignments[min(i, alignments.count - 1)] == .right ? pad + cell : cell + pad
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }
}
