import Foundation

extension Model {
    /// Keras 3's `summary()` table, as it prints in an 80-column terminal.
    public func summary() throws -> String {
        if body == nil { try requireBuilt("calling `summary()`") }
        // A graph that branches, merges or shares a layer gets Keras's "Connected to" column.
        let chain =
            inputs.count == 1 && outputs.count == 1 && zip(steps, [inputs[0]] + steps).allSatisfy { $0.inputs == [$1] }
        let sequentialLike = isSequential || body != nil || (chain && layers.count == steps.count)
        var rows: [(String, String, String, [String])] = []
        if let body {
            rows = body.sublayers().map { Model.subclassedRow($0) }
        } else if !isSequential {
            for input in inputs {
                rows.append(("\(input.layer.name) (InputLayer)", describeShape([nil] + input.shape), "0", ["-"]))
            }
        }
        var applications: [ObjectIdentifier: Int] = [:]
        var node: [ObjectIdentifier: Int] = [:]
        for step in steps where body == nil {
            let layer = ObjectIdentifier(step.layer)
            node[ObjectIdentifier(step)] = applications[layer, default: 0]
            applications[layer, default: 0] += 1
            // Each layer once, at its first application (Keras lists layers, not applications).
            guard node[ObjectIdentifier(step)] == 0 else { continue }
            let sources = steps.filter { $0.layer === step.layer }.flatMap(\.inputs)
            let links = sources.map { "\($0.layer.name)[\(node[ObjectIdentifier($0)] ?? 0)][0]" }
            rows.append(
                (
                    "\(step.layer.name) (\(step.layer.typeName))", describeShape([nil] + step.shape),
                    Model.grouped(step.layer.parameterCount),
                    links.enumerated().map { $1 + ($0 < links.count - 1 ? "," : "") }
                ))
        }
        let widths = sequentialLike ? [33, 24, 15] : [21, 19, 12, 19]
        func rule(_ left: String, _ fill: String, _ middle: String, _ right: String) -> String {
            left + widths.map { String(repeating: fill, count: $0) }.joined(separator: middle) + right
        }
        /// One line of cells, the parameter count right-aligned.
        func cells(_ texts: [String], _ edge: String) -> String {
            var line = edge
            for (i, (text, width)) in zip(texts, widths).enumerated() {
                let pad = String(repeating: " ", count: max(0, width - 2 - text.count))
                line += " " + (i == 2 ? pad + text : text + pad) + " " + edge
            }
            return line
        }
        var lines = ["Model: \"\(name)\""]
        lines.append(rule("┏", "━", "┳", "┓"))
        lines.append(cells(["Layer (type)", "Output Shape", "Param #", "Connected to"], "┃"))
        lines.append(rule("┡", "━", "╇", "┩"))
        for (i, row) in rows.enumerated() {
            if i > 0 { lines.append(rule("├", "─", "┼", "┤")) }
            // Cells too long for their column wrap at spaces, as the rich tables Keras prints do;
            // each connection is a line of its own, cut with an ellipsis.
            let columns = [
                Model.wrap(row.0, width: widths[0] - 2), Model.wrap(row.1, width: widths[1] - 2),
                [row.2],
                row.3.map { Model.truncate($0, width: widths.last! - 2) },
            ]
            for k in 0..<columns.map(\.count).max()! {
                lines.append(cells(columns.map { k < $0.count ? $0[k] : "" }, "│"))
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

    /// A layer of a subclassed model as Keras lists it: the output shape for the batch it was built
    /// for ("?" before it is built, and for a custom layer, whose output shape Keras does not know).
    static func subclassedRow(_ layer: Layer) -> (String, String, String, [String]) {
        let title = "\(layer.name) (\(layer.typeName))"
        guard layer.isBuilt else { return (title, "?", "0 (unbuilt)", []) }
        let shape = layer is CustomLayer ? "?" : describeShape([layer.buildBatch] + layer.outputShape)
        return (title, shape, grouped(layer.parameterCount), [])
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

    /// `text` cut to `width` characters, the last an ellipsis.
    static func truncate(_ text: String, width: Int) -> String {
        text.count <= width ? text : String(text.prefix(width - 1)) + "…"
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
