import Foundation

extension Model {
    /// Keras 3's `summary()` table, as it prints in an 80-column terminal.
    public func summary() throws -> String {
        try requireBuilt("calling `summary()`")
        var rows: [(String, String, Int)] = []
        if !isSequential, let input {
            rows.append(("\(input.name) (InputLayer)", describeShape([nil] + input.outputShape), 0))
        }
        for layer in layers {
            rows.append(
                ("\(layer.name) (\(layer.typeName))", describeShape([nil] + layer.outputShape), layer.parameterCount))
        }
        let widths = [33, 24, 15]
        func rule(_ left: String, _ fill: String, _ middle: String, _ right: String) -> String {
            left + widths.map { String(repeating: fill, count: $0) }.joined(separator: middle) + right
        }
        func cells(_ a: String, _ b: String, _ c: String, _ edge: String) -> String {
            edge + " " + a.padding(toLength: widths[0] - 1, withPad: " ", startingAt: 0)
                + edge + " " + b.padding(toLength: widths[1] - 1, withPad: " ", startingAt: 0)
                + edge + String(repeating: " ", count: max(0, widths[2] - 1 - c.count)) + c + " " + edge
        }
        var lines = ["Model: \"\(name)\""]
        lines.append(rule("┏", "━", "┳", "┓"))
        lines.append(cells("Layer (type)", "Output Shape", "Param #", "┃"))
        lines.append(rule("┡", "━", "╇", "┩"))
        for (i, row) in rows.enumerated() {
            if i > 0 { lines.append(rule("├", "─", "┼", "┤")) }
            // Cells too long for their column wrap at spaces, as the rich tables Keras prints do.
            let first = Model.wrap(row.0, width: widths[0] - 2), second = Model.wrap(row.1, width: widths[1] - 2)
            for k in 0..<max(first.count, second.count) {
                lines.append(
                    cells(
                        k < first.count ? first[k] : "", k < second.count ? second[k] : "",
                        k == 0 ? Model.grouped(row.2) : "", "│"))
            }
        }
        lines.append(rule("└", "─", "┴", "┘"))
        let trainable = parameters.filter(\.trainable).reduce(0) { $0 + $1.value.count }
        let own = parameterCount
        // Once trained, Keras counts the optimizer's variables too.
        let optimizerVariables = optimizer.flatMap { $0.isBuilt ? $0.variables(for: parameters) : nil }
        let total = own + (optimizerVariables?.count ?? 0)
        let totalBytes = own * 4 + (optimizerVariables?.bytes ?? 0)
        lines.append(" Total params: \(Model.grouped(total)) (\(Model.bytes(totalBytes)))")
        lines.append(" Trainable params: \(Model.grouped(trainable)) (\(Model.bytes(trainable * 4)))")
        lines.append(" Non-trainable params: \(Model.grouped(own - trainable)) (\(Model.bytes((own - trainable) * 4)))")
        if let optimizerVariables {
            lines.append(
                " Optimizer params: \(Model.grouped(optimizerVariables.count)) (\(Model.bytes(optimizerVariables.bytes)))"
            )
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Words of `text` in lines of at most `width` characters.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        return lines + [line]
    }

    /// `100,480`.
    static func grouped(_ n: Int) -> String {
        let digits = Array(String(n))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(d)
        }
        return out
    }

    /// `397.54 KB`, with 1024 as the step, as Keras prints weight sizes.
    static func bytes(_ n: Int) -> String {
        var value = Double(n)
        for unit in ["B", "KB", "MB", "GB"] {
            if value < 1024 || unit == "GB" { return String(format: "%.2f", value) + " " + unit }
            value /= 1024
        }
        return ""
    }
}
