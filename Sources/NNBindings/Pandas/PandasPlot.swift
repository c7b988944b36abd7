import NNFrame
import NNLang
import NNPlot
import NNTensor

/// `df.plot(...)` / `series.plot(...)` and their `.line`, `.scatter`, `.hist`, `.bar` forms: pandas'
/// plots drawn with pyplot's figures, as pandas draws them with matplotlib (a DataFrame on a new
/// figure with a legend of its columns, a Series on the current axes).
final class PyPlotAccessor: PyObject {
    /// The data: columns with their names, and the row labels.
    let columns: [Column]
    let labels: [String]
    let indexName: String?
    let isFrame: Bool

    init(frame: DataFrame) {
        columns = frame.columns
        labels = frame.rowNames ?? frame.index.map(String.init)
        indexName = nil
        isFrame = true
    }

    init(series: PySeries, _ interp: Interpreter) throws {
        columns = [series.column]
        labels = try series.labels.map { try interp.str($0) }
        indexName = series.indexName
        isFrame = false
    }

    static let pyType: PyType = {
        var m = Members("PlotAccessor", style: .python(countsSelf: true))
        for kind in ["line", "scatter", "hist", "bar", "barh", "box", "kde", "area", "pie"] {
            m.method("\(kind)(*args, **kwargs)  plot(kind='\(kind)', ...).") { v, a, interp in
                try v.receiver(PyPlotAccessor.self, "PlotAccessor").plot(kind: kind, a.rest, a.keywords, interp)
            }
        }
        let t = PyType("PlotAccessor", base: .object, members: m.table)
        t.moduleName = "pandas.plotting._core"
        return t
    }()

    override var type: PyType { PyPlotAccessor.pyType }

    static let signature = Signature(
        """
        plot(x=None, y=None, kind='line', ax=None, subplots=False, figsize=None, use_index=True, title=None, \
        grid=None, legend=None, style=None, logx=False, logy=False, xlim=None, ylim=None, xlabel=None, ylabel=None, \
        rot=None, color=None, bins=10, label=None, secondary_y=False, stacked=False)  Plots the data with pyplot.
        x: the column along the x axis (the index when None).
        y: the column (or list of columns) to plot; every numeric column when None.
        kind: 'line', 'scatter' (x and y needed), 'hist' or 'bar'.
        figsize: (width, height) in inches of the new figure.
        title: the axes' title.
        grid: draw grid lines.
        legend: show the columns' names (a DataFrame's default).
        style: a format string for the lines ('o', '--', 'r-').
        xlim: the x axis' limits; ylim: the y axis'.
        xlabel: the x axis' label (the x column's or the index's name by default); ylabel: the y axis'.
        rot: the x tick labels' angle (90 for bars).
        color: the colour of the plotted data.
        bins: the number of bins of a histogram.
        label: a Series' name in the legend.
        """, style: .python(countsSelf: false), errorName: "plot",
        refusing: ["ax", "subplots", "logx", "logy", "secondary_y", "stacked"])

    override func call(_ args: Arguments, _ interp: Interpreter) throws -> Value {
        var keywords = args.keywords
        var positional = args.positional
        // pandas' positional order for DataFrame.plot is (x, y, kind); for Series.plot, kind comes first.
        if !isFrame, let first = positional.first {
            keywords.append(("kind", first))
            positional.removeFirst()
        }
        let kind = keywords.first { $0.name == "kind" }.map { try? PyplotModule.string($0.value, interp) } ?? nil
        return try plot(kind: kind ?? "line", positional, keywords.filter { $0.name != "kind" }, interp)
    }

    func plot(
        kind: String, _ positional: [Value], _ keywords: [(name: String, value: Value)], _ interp: Interpreter
    )
        throws -> Value
    {
        let a = try PyPlotAccessor.signature.bind(Arguments(positional, keywords), interp)
        guard ["line", "scatter", "hist", "bar"].contains(kind) else {
            throw ScriptError(
                .notImplementedError, "nn draws plot(kind='line', 'scatter', 'hist' or 'bar'), not '\(kind)', for now")
        }
        let state = try PyplotModule.state(interp)
        var figure: Figure
        if isFrame || state.current == nil {
            var width = 6.4, height = 4.8
            if let size = a.optional("figsize") {
                let items = try interp.collect(size).map { try Conversions.double($0) }
                guard items.count == 2 else {
                    throw ScriptError(.valueError, "figsize must be (width, height) in inches")
                }
                (width, height) = (items[0], items[1])
            }
            figure = state.newFigure(width: width, height: height)
        } else {
            figure = state.currentFigure()
        }
        let ax = figure.currentAxes()
        let x = try a.optional("x").map { try column($0, interp) }
        let ys = try yColumns(a, excluding: x, kind: kind, interp)
        let color = try PyplotModule.color(a.optional("color"))
        let label = try a.optional("label").map { try PyplotModule.string($0, interp) }
        switch kind {
        case "scatter":
            guard let x, let y = a.optional("y").map({ try? column($0, interp) }) ?? nil else {
                throw ScriptError(.valueError, "scatter requires an x and y column")
            }
            ax.series.append(
                Series(kind: .scatter, x: x.numbers, y: y.numbers, color: color ?? ax.takeColor(), label: y.name))
            ax.xlabel = x.name
            ax.ylabel = y.name
        case "hist":
            for c in ys {
                let values = c.numbers.filter { !$0.isNaN }
                let (counts, edges, _) = try PyplotImages.histogram(
                    .object(
                        PyArray(NDArray(values, shape: [values.count], dtype: .float64), try NumpyModule.state(interp))),
                    bins: .int(max(1, try a.int("bins"))), [], interp)
                let fill = color ?? ax.takeColor()
                ax.bars += counts.indices.map { i -> Bar in
                    let bar = Bar(
                        x: edges[i], width: edges[i + 1] - edges[i], bottom: 0, height: counts[i], color: fill)
                    bar.label = i == 0 ? label ?? c.name : nil
                    return bar
                }
            }
            // pandas sets both labels of a histogram: the x label to the one given (none by default).
            ax.xlabel = nil
            ax.ylabel = "Frequency"
        case "bar":
            let width = 0.5 / Double(max(ys.count, 1))
            for (k, c) in ys.enumerated() {
                let fill = color ?? ax.takeColor()
                for (i, v) in c.numbers.enumerated() {
                    let bar = Bar(
                        x: Double(i) - 0.25 + Double(k) * width, width: width, bottom: 0, height: v, color: fill)
                    bar.label = i == 0 ? label ?? c.name : nil
                    ax.bars.append(bar)
                }
            }
            ax.xticks = labels.enumerated().map { (Double($0.offset), $0.element) }
            ax.xtickRotation = try a.optionalDouble("rot") ?? 90
            if let name = indexName { ax.xlabel = name }
        default:
            let style = try a.optional("style").map { try PyplotModule.format(try PyplotModule.string($0, interp)) }
            let numericIndex = labels.allSatisfy { Double($0) != nil }
            let xs = x?.numbers ?? (numericIndex ? labels.map { Double($0)! } : labels.indices.map(Double.init))
            if x == nil, !numericIndex { ax.xticks = labels.enumerated().map { (Double($0.offset), $0.element) } }
            for c in ys {
                ax.series.append(
                    Series(
                        kind: .line, x: xs, y: c.numbers, color: color ?? style?.color ?? ax.takeColor(),
                        label: label ?? c.name, lineStyle: style?.style ?? .solid, marker: style?.marker))
            }
            if let x { ax.xlabel = x.name } else if let name = indexName { ax.xlabel = name }
        }
        if let r = try a.optionalDouble("rot"), kind != "bar" { ax.xtickRotation = r }
        if let title = a.optional("title") { ax.title = try PyplotModule.string(title, interp) }
        if let v = a.optional("xlabel") { ax.xlabel = try PyplotModule.string(v, interp) }
        if let v = a.optional("ylabel") { ax.ylabel = try PyplotModule.string(v, interp) }
        if let g = a.optional("grid") { ax.showsGrid = try interp.isTruthy(g) }
        if let limits = a.optional("xlim") { ax.xlim = try pair(limits, interp) }
        if let limits = a.optional("ylim") { ax.ylim = try pair(limits, interp) }
        // A DataFrame's columns are named in a legend unless legend=False; a Series' only with legend=True.
        let legend = try a.optional("legend").map { try interp.isTruthy($0) } ?? (isFrame && kind != "scatter")
        if legend { ax.showsLegend = true }
        return .object(PyAxes(ax))
    }

    private func pair(_ v: Value, _ interp: Interpreter) throws -> (Double, Double) {
        let items = try interp.collect(v).map { try Conversions.double($0) }
        guard items.count == 2 else { throw ScriptError(.valueError, "limits are (low, high)") }
        return (items[0], items[1])
    }

    /// A column by name (a DataFrame's) or position.
    private func column(_ key: Value, _ interp: Interpreter) throws -> Column {
        if case .int(let i) = key, columns.indices.contains(i) { return columns[i] }
        let name = try PyplotModule.string(key, interp)
        guard let c = columns.first(where: { $0.name == name }) else { throw ScriptError(.keyError, value: key) }
        return c
    }

    /// The columns `y=` names, or every numeric one but x; non-numeric data is refused as pandas does.
    private func yColumns(_ a: Bound, excluding x: Column?, kind: String, _ interp: Interpreter) throws -> [Column] {
        let chosen: [Column]
        switch a.optional("y") {
        case let y? where y.isSequence: chosen = try interp.collect(y).map { try column($0, interp) }
        case let y?: chosen = [try column(y, interp)]
        case nil: chosen = columns.filter { $0.type.isNumeric && $0.name != x?.name }
        }
        let numeric = chosen.filter { $0.type.isNumeric }
        if numeric.isEmpty && kind != "scatter" { throw ScriptError(.typeError, "no numeric data to plot") }
        return numeric
    }
}
