import Foundation
import NNLang
import NNPlot
import NNTensor
#if canImport(Glibc)
import Glibc
#endif

/// `matplotlib.pyplot`: a state machine of figures over NNPlot, as pyplot is one over matplotlib's
/// objects. `show()` draws the figures in the terminal; figures a script or a notebook cell leaves
/// unshown are drawn when it ends, as notebooks' inline backend does.
final class PlotState {
    var figures: [Figure] = []
    var current: Figure?
    var made = 0

    func currentFigure() -> Figure {
        if let current { return current }
        return newFigure()
    }

    func newFigure(width: Double = 6.4, height: Double = 4.8, dpi: Double = 100) -> Figure {
        made += 1
        let figure = Figure(number: made, width: width, height: height, dpi: dpi)
        figures.append(figure)
        current = figure
        return figure
    }

    func close(_ figure: Figure) {
        figures.removeAll { $0 === figure }
        if current === figure { current = figures.last }
    }

    /// Draws every figure with axes in the terminal, then closes them all.
    func show(_ interp: Interpreter) {
        let terminal = interp.output is StandardOutput && isatty(1) != 0
        let size = terminal ? TerminalSize.ofStandardOutput() : nil
        let environment = ProcessInfo.processInfo.environment
        let columns = size?.columns ?? Int(environment["COLUMNS"] ?? "") ?? 80
        let rows = size.map { $0.rows > 4 ? $0.rows - 2 : 60 } ?? 60
        let color = terminal && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
        for figure in figures where !figure.axes.isEmpty {
            interp.write(TerminalRenderer.render(figure, columns: min(columns, 200), maxRows: rows, color: color))
        }
        figures = []
        current = nil
    }
}

/// A plotted object as scripts see it: `[<matplotlib.lines.Line2D object at 0x…>]`.
final class PyArtist: PyObject {
    static let lineType = PyType("Line2D", base: .object, members: seriesMembers)
    static let collectionType = PyType("PathCollection", base: .object, members: seriesMembers)
    static let legendType = PyType("Legend", base: .object)
    let kind: PyType
    let path: String
    let series: Series?

    init(_ kind: PyType, path: String, series: Series? = nil) {
        self.kind = kind
        self.path = path
        self.series = series
    }

    override var type: PyType { kind }
    override func repr(_ interp: Interpreter) throws -> String { "<\(path) object at \(address)>" }

    /// The methods of plotted lines and points.
    static let seriesMembers: [String: Member] = {
        var m = Members("Artist", style: .python(countsSelf: true))
        func series(_ v: Value) throws -> Series {
            guard case .object(let a as PyArtist) = v, let s = a.series else {
                throw ScriptError(.typeError, "expected a plotted line")
            }
            return s
        }
        m.method("get_label()  The name the legend shows.") { v, _, _ in .string(try series(v).label ?? "_child0") }
        m.method("get_xdata()  The x values.") { v, _, _ in .list(PyList(try series(v).x.map { .float($0) })) }
        m.method("get_ydata()  The y values.") { v, _, _ in .list(PyList(try series(v).y.map { .float($0) })) }
        return m.table
    }()
}

/// `Text(0.5, 0, 'Epoch Number')`: what xlabel, ylabel and title return.
final class PyText: PyObject {
    static let textType: PyType = {
        var m = Members("Text", style: .python(countsSelf: true))
        m.method("get_text()  The text.") { v, _, _ in
            guard case .object(let t as PyText) = v else { return .none }
            return .string(t.text)
        }
        return PyType("Text", base: .object, members: m.table)
    }()
    let x: String, y: String, text: String

    init(x: String, y: String, text: String) {
        self.x = x
        self.y = y
        self.text = text
    }

    override var type: PyType { PyText.textType }
    override func repr(_ interp: Interpreter) throws -> String { "Text(\(x), \(y), \(try interp.repr(.string(text))))" }
}

/// A figure: `<Figure size 640x480 with 1 Axes>`.
final class PyFigure: PyObject {
    static let figureType: PyType = {
        var m = Members("Figure")
        m.property("number", "The figure's number.") { v, _ in
            guard case .object(let f as PyFigure) = v else { return .none }
            return .int(f.figure.number)
        }
        return PyType("Figure", base: .object, members: m.table)
    }()
    let figure: Figure

    init(_ figure: Figure) { self.figure = figure }

    override var type: PyType { PyFigure.figureType }
    override func str(_ interp: Interpreter) throws -> String {
        "Figure(\(Int(figure.width * figure.dpi))x\(Int(figure.height * figure.dpi)))"
    }
    override func repr(_ interp: Interpreter) throws -> String {
        "<Figure size \(Int(figure.width * figure.dpi))x\(Int(figure.height * figure.dpi)) with \(figure.axes.count) Axes>"
    }
}

/// An axes: `<Axes: xlabel='Epoch Number', ylabel='Loss Magnitude'>`; printed, its place in the
/// figure (`Axes(0.125,0.11;0.775x0.77)`).
final class PyAxes: PyObject {
    static let axesType = PyType("Axes", base: .object, members: axesMembers)
    let axes: Axes

    init(_ axes: Axes) { self.axes = axes }

    override var type: PyType { PyAxes.axesType }
    override func repr(_ interp: Interpreter) throws -> String {
        var parts: [String] = []
        if let t = axes.title { parts.append("title={'center': \(try interp.repr(.string(t)))}") }
        if let x = axes.xlabel { parts.append("xlabel=\(try interp.repr(.string(x)))") }
        if let y = axes.ylabel { parts.append("ylabel=\(try interp.repr(.string(y)))") }
        return "<Axes: \(parts.joined(separator: ", "))>"
    }

    /// matplotlib's subplot parameters (left 0.125, bottom 0.11, width 0.775, height 0.77, 0.2 between).
    override func str(_ interp: Interpreter) throws -> String {
        let cols = Double(axes.columns), rows = Double(axes.rows)
        let w = 0.775 / (cols + 0.2 * (cols - 1)), h = 0.77 / (rows + 0.2 * (rows - 1))
        let column = Double((axes.index - 1) % axes.columns), row = Double((axes.index - 1) / axes.columns)
        let left = 0.125 + column * w * 1.2, bottom = 0.88 - h - row * h * 1.2
        func g(_ v: Double) -> String { String(format: "%g", (v * 1e6).rounded() / 1e6) }
        return "Axes(\(g(left)),\(g(bottom));\(g(w))x\(g(h)))"
    }

    /// The object-oriented forms of pyplot's setters, for `ax = df.plot(); ax.set_xlabel(...)`.
    static let axesMembers: [String: Member] = {
        var m = Members("Axes", style: .python(countsSelf: true))
        func ax(_ v: Value) throws -> Axes { try v.receiver(PyAxes.self, "Axes").axes }
        for (name, get, set) in [
            ("title", { (a: Axes) in a.title }, { (a: Axes, t: String) in a.title = t }),
            ("xlabel", { (a: Axes) in a.xlabel }, { (a: Axes, t: String) in a.xlabel = t }),
            ("ylabel", { (a: Axes) in a.ylabel }, { (a: Axes, t: String) in a.ylabel = t }),
        ] as [(String, (Axes) -> String?, (Axes, String) -> Void)] {
            m.method("set_\(name)(\(name == "title" ? "label" : name))  Sets the axes' \(name).") { v, a, interp in
                let text = try PyplotModule.string(a[name == "title" ? "label" : name], interp)
                set(try ax(v), text)
                let (x, y) = name == "title" ? ("0.5", "1.0") : name == "xlabel" ? ("0.5", "0") : ("0", "0.5")
                return .object(PyText(x: x, y: y, text: text))
            }
            m.method("get_\(name)()  The axes' \(name).") { v, _, _ in .string(get(try ax(v)) ?? "") }
        }
        m.method("set_xlim(left=None, right=None)  Sets the x axis' limits.") { v, a, _ in
            let axes = try ax(v), (low, high) = axes.xLimits
            axes.xlim = (try a.optionalDouble("left") ?? low, try a.optionalDouble("right") ?? high)
            return .none
        }
        m.method("set_ylim(bottom=None, top=None)  Sets the y axis' limits.") { v, a, _ in
            let axes = try ax(v), (low, high) = axes.yLimits
            axes.ylim = (try a.optionalDouble("bottom") ?? low, try a.optionalDouble("top") ?? high)
            return .none
        }
        m.method("grid(visible=None)  Draws grid lines at the ticks (grid() alone switches them).") { v, a, interp in
            let axes = try ax(v)
            if let on = a.optional("visible") {
                axes.showsGrid = try interp.isTruthy(on)
            } else {
                axes.showsGrid.toggle()
            }
            return .none
        }
        m.method("legend()  Shows a legend of the labelled lines.") { v, _, _ in
            try ax(v).showsLegend = true
            return .object(PyArtist(PyArtist.legendType, path: "matplotlib.legend.Legend"))
        }
        return m.table
    }()
}

enum PyplotModule {
    static func register(_ registry: ModuleRegistry) {
        registry.register("matplotlib.pyplot", make)
        registry.register("matplotlib.cm") { _ in PyplotImages.cm() }
        // `pyplot` joins it when imported, as in Python.
        registry.register("matplotlib") { _ in
            var m = ModuleBuilder("matplotlib", style: .python(countsSelf: false))
            m.members["__version__"] = .string("3.10.0")
            m.def(
                """
                use(backend, *, force=True)  Chooses matplotlib's backend; nn draws in the terminal and saves files \
                whichever is named.
                """
            ) { _, _ in .none }
            return m.build()
        }
    }

    /// Numbers from a list, tuple, range, array or Series, as columns: one for 1-d data, one per
    /// column of 2-d data (as matplotlib plots each column of a 2-d y).
    static func columns(_ v: Value, _ interp: Interpreter, _ what: String) throws -> [[Double]] {
        var value = v
        if case .object(let o) = v, !(o is PyArray || o is PySeries || o is PyDataFrame) {
            value = .list(PyList(try interp.collect(v)))
        }
        let array = try NumpyConvert.array(value)
        switch array.ndim {
        case 0: return [[array.elements[0]]]
        case 1: return [array.elements]
        case 2:
            let (rows, cols) = (array.shape[0], array.shape[1])
            let e = array.elements
            return (0..<cols).map { c in (0..<rows).map { e[$0 * cols + c] } }
        default:
            throw ScriptError(.valueError, "\(what) can not have more than 2 dimensions")
        }
    }

    /// A format string such as `'ro--'`: colour, marker and line style, any order.
    static func format(_ fmt: String) throws -> (color: RGB?, marker: Marker?, style: LineStyle?) {
        var color: RGB?, marker: Marker?, style: LineStyle?
        var rest = Substring(fmt)
        while let c = rest.first {
            if rest.hasPrefix("--") || rest.hasPrefix("-.") {
                style = rest.hasPrefix("--") ? .dashed : .dashDot
                rest = rest.dropFirst(2)
                continue
            }
            if c == "-" {
                style = .solid
            } else if c == ":" {
                style = .dotted
            } else if let m = Marker(rawValue: c) {
                marker = m
            } else if let rgb = RGB.named[String(c)] {
                color = rgb
            } else {
                throw ScriptError(.valueError, "'\(fmt)' is not a valid format string (unrecognized character '\(c)')")
            }
            rest = rest.dropFirst()
        }
        // A marker without a line style draws markers only, as in matplotlib.
        if marker != nil && style == nil { style = LineStyle.none }
        return (color, marker, style)
    }

    static func color(_ v: Value?) throws -> RGB? {
        guard let v, !v.isNone else { return nil }
        guard case .str(let s) = v, let rgb = RGB.parse(s.value) else {
            throw ScriptError(.valueError, "nn takes colours as names ('red', 'C1', 'tab:orange') or '#rrggbb'")
        }
        return rgb
    }

    static func marker(_ v: Value) throws -> Marker {
        guard case .str(let s) = v, s.value.count == 1, let c = s.value.first, let parsed = Marker(rawValue: c) else {
            throw ScriptError(.valueError, "nn draws the markers 'o', '.', ',', 'x', '+', '*', 's', '^' and 'D'")
        }
        return parsed
    }

    static func string(_ v: Value, _ interp: Interpreter) throws -> String {
        if case .str(let s) = v { return s.value }
        return try interp.str(v)
    }

    static func isString(_ v: Value) -> Bool {
        if case .str = v { return true }
        return false
    }

    /// Keyword arguments that pyplot passes on to the objects it makes (`**kwargs`): nn implements
    /// none beyond the declared parameters, so any other is refused by name.
    static func refuseExtra(_ a: Bound) throws {
        if let first = a.keywords.first {
            throw ScriptError(.notImplementedError, "nn does not support \(a.signature.name)(\(first.name)=...) yet")
        }
    }

    typealias Function = (PlotState, Bound, Interpreter) throws -> Value

    static func figure(_ state: PlotState, _ a: Bound, _ interp: Interpreter) throws -> Value {
        var width = 6.4, height = 4.8
        if let size = a.optional("figsize") {
            let items = try interp.collect(size)
            guard items.count == 2 else { throw ScriptError(.valueError, "figsize must be (width, height) in inches") }
            width = try Conversions.double(items[0])
            height = try Conversions.double(items[1])
            guard width >= 0.1 && height >= 0.1 && width <= 100 && height <= 100 else {
                throw ScriptError(
                    .valueError, "figure size must be between 0.1 and 100 inches, not (\(width), \(height))")
            }
        }
        let dpi = try a.optionalDouble("dpi") ?? 100
        guard dpi >= 10 && dpi <= 1000 else { throw ScriptError(.valueError, "dpi must be between 10 and 1000") }
        if case .int(let n) = a["num"], let existing = state.figures.first(where: { $0.number == n }) {
            state.current = existing
            return .object(PyFigure(existing))
        }
        return .object(PyFigure(state.newFigure(width: width, height: height, dpi: dpi)))
    }

    /// `plot(y)`, `plot(x, y)`, `plot(x, y, 'ro--', x2, y2)`: the data groups of `*args`.
    static func groups(_ args: [Value]) throws -> [(x: Value?, y: Value, fmt: String?)] {
        var groups: [(x: Value?, y: Value, fmt: String?)] = []
        var rest = args[...]
        while let first = rest.first {
            rest = rest.dropFirst()
            var x: Value? = nil, y = first
            if let second = rest.first, !isString(second) {
                x = first
                y = second
                rest = rest.dropFirst()
            }
            var fmt: String? = nil
            if let f = rest.first, case .str(let s) = f {
                fmt = s.value
                rest = rest.dropFirst()
            }
            if isString(y) {
                throw ScriptError(.valueError, "plot() takes numbers; a format string goes after the data")
            }
            groups.append((x, y, fmt))
        }
        return groups
    }

    /// The line properties `plot` takes as keywords, as matplotlib's Line2D names them.
    struct LineProperties {
        var label: String?, color: RGB?, style: LineStyle?, marker: Marker?, width: Double?, size: Double?

        init(_ keywords: [(name: String, value: Value)], _ interp: Interpreter) throws {
            for (name, value) in keywords {
                switch name {
                case "label": label = try string(value, interp)
                case "color", "c": color = try PyplotModule.color(value)
                case "linestyle", "ls":
                    guard case .str(let s) = value, let parsed = LineStyle(rawValue: s.value == "None" ? "" : s.value)
                    else {
                        throw ScriptError(.valueError, "linestyle must be '-', '--', ':', '-.' or ''")
                    }
                    style = parsed
                case "linewidth", "lw": width = try Conversions.double(value)
                case "marker": marker = try PyplotModule.marker(value)
                case "markersize", "ms": size = try Conversions.double(value)
                // nn's PNG lines are always antialiased.
                case "antialiased", "aa":
                    guard try interp.isTruthy(value) else {
                        throw ScriptError(.notImplementedError, "nn does not support plot(\(name)=False) yet")
                    }
                case "alpha", "zorder", "markerfacecolor", "mfc", "markeredgecolor", "mec",
                    "markeredgewidth", "mew", "drawstyle", "dashes", "visible", "fillstyle":
                    throw ScriptError(.notImplementedError, "nn does not support plot(\(name)=...) yet")
                default: throw ScriptError(.attributeError, "Line2D.set() got an unexpected keyword argument '\(name)'")
                }
            }
        }
    }

    static func plot(_ state: PlotState, _ a: Bound, _ interp: Interpreter) throws -> Value {
        let ax = state.currentFigure().currentAxes()
        let properties = try LineProperties(a.keywords, interp)
        var lines: [Value] = []
        for group in try groups(a.rest) {
            let ys = try columns(group.y, interp, "y")
            let xs = try group.x.map { try columns($0, interp, "x") }
            let parsed: (color: RGB?, marker: Marker?, style: LineStyle?) = try group.fmt.map(format) ?? (nil, nil, nil)
            for (i, y) in ys.enumerated() {
                let x = xs.map { $0[min(i, $0.count - 1)] } ?? y.indices.map(Double.init)
                guard x.count == y.count else {
                    throw ScriptError(
                        .valueError,
                        "x and y must have same first dimension, but have shapes (\(x.count),) and (\(y.count),)")
                }
                let series = Series(
                    kind: .line, x: x, y: y, color: properties.color ?? parsed.color ?? ax.takeColor(),
                    label: properties.label,
                    lineStyle: properties.style ?? parsed.style ?? .solid, marker: properties.marker ?? parsed.marker)
                if let width = properties.width { series.lineWidth = max(0, min(width, 100)) }
                if let size = properties.size { series.markerSize = max(0, min(size, 100)) }
                ax.series.append(series)
                lines.append(.object(PyArtist(PyArtist.lineType, path: "matplotlib.lines.Line2D", series: series)))
            }
        }
        return .list(PyList(lines))
    }

    static func scatter(_ state: PlotState, _ a: Bound, _ interp: Interpreter) throws -> Value {
        var label: String?, color = try PyplotModule.color(a.optional("c"))
        for (name, value) in a.keywords {
            switch name {
            case "label": label = try string(value, interp)
            case "color": color = try PyplotModule.color(value)
            default: throw ScriptError(.notImplementedError, "nn does not support scatter(\(name)=...) yet")
            }
        }
        let xs = try columns(a["x"], interp, "x").flatMap { $0 }, ys = try columns(a["y"], interp, "y").flatMap { $0 }
        guard xs.count == ys.count else { throw ScriptError(.valueError, "x and y must be the same size") }
        let ax = state.currentFigure().currentAxes()
        let series = Series(
            kind: .scatter, x: xs, y: ys, color: color ?? ax.takeColor(), label: label,
            marker: try a.optional("marker").map(marker) ?? .circle)
        if let s = try a.optionalDouble("s"), s > 0 { series.markerSize = min(s.squareRoot(), 100) }
        ax.series.append(series)
        return .object(PyArtist(PyArtist.collectionType, path: "matplotlib.collections.PathCollection", series: series))
    }

    /// `xlabel`, `ylabel` and `title`: set the text, return a Text at matplotlib's position.
    static func label(
        _ parameter: String, x: String, y: String, _ set: @escaping (Axes, String, RGB?) -> Void
    )
        -> Function
    {
        { state, a, interp in
            var color: RGB? = nil
            for (name, value) in a.keywords {
                guard name == "color" || name == "c" else {
                    throw ScriptError(.notImplementedError, "nn does not support \(a.signature.name)(\(name)=...) yet")
                }
                color = try PyplotModule.color(value)
            }
            let text = try string(a[parameter], interp)
            set(state.currentFigure().currentAxes(), text, color)
            return .object(PyText(x: x, y: y, text: text))
        }
    }

    static func legend(_ state: PlotState, _ a: Bound, _ interp: Interpreter) throws -> Value {
        try refuseExtra(a)
        let ax = state.currentFigure().currentAxes()
        if let labels = a.rest.first {
            guard a.rest.count == 1 else {
                throw ScriptError(.notImplementedError, "nn does not support legend(handles, labels) yet")
            }
            for (series, text) in zip(ax.series, try interp.collect(labels)) { series.label = try string(text, interp) }
        }
        ax.showsLegend = true
        return .object(PyArtist(PyArtist.legendType, path: "matplotlib.legend.Legend"))
    }

    static func grid(_ state: PlotState, _ a: Bound, _ interp: Interpreter) throws -> Value {
        try refuseExtra(a)
        let ax = state.currentFigure().currentAxes()
        if let v = a.optional("visible") { ax.showsGrid = try interp.isTruthy(v) } else { ax.showsGrid.toggle() }
        return .none
    }

    /// `xlim` and `ylim`: set the limits (`xlim(0, 10)`, `xlim((0, 10))`, `xlim(right=10)`) and return them.
    static func limits(
        _ low: String, _ high: String, _ get: @escaping (Axes) -> (Double, Double),
        _ set: @escaping (Axes, (Double, Double)) -> Void
    ) -> Function {
        { state, a, interp in
            let ax = state.currentFigure().currentAxes()
            var (lower, upper) = get(ax)
            var given = false
            let first = a.optional(low) ?? a.optional(low == "left" ? "xmin" : "ymin")
            if let first, a.optional(high) == nil, let pair = NumpyConvert.sequence(first) {
                guard pair.count == 2 else {
                    throw ScriptError(.valueError, "\(a.signature.name)() takes (\(low), \(high))")
                }
                (lower, upper) = (try Conversions.double(pair[0]), try Conversions.double(pair[1]))
                given = true
            } else {
                if let first { lower = try Conversions.double(first); given = true }
                if let second = a.optional(high) ?? a.optional(high == "right" ? "xmax" : "ymax") {
                    upper = try Conversions.double(second)
                    given = true
                }
            }
            if given {
                guard lower.isFinite && upper.isFinite else {
                    throw ScriptError(.valueError, "Axis limits cannot be NaN or Inf")
                }
                set(ax, (lower, upper))
            }
            return .tuple(PyTuple([.float(lower), .float(upper)]))
        }
    }

    static func subplot(_ state: PlotState, _ a: Bound, _ interp: Interpreter) throws -> Value {
        try refuseExtra(a)
        var spec = try a.rest.map { try Conversions.int($0) }
        if spec.count == 1, spec[0] >= 111, spec[0] <= 999 { spec = [spec[0] / 100, spec[0] / 10 % 10, spec[0] % 10] }
        guard spec.count == 3 else {
            throw ScriptError(.typeError, "subplot() takes (nrows, ncols, index) or a three-digit number")
        }
        let (rows, cols, index) = (spec[0], spec[1], spec[2])
        guard rows >= 1, cols >= 1, rows <= 20, cols <= 20 else {
            throw ScriptError(
                .valueError,
                "Number of rows and columns must be positive integers (at most 20), not \(rows) and \(cols)")
        }
        guard index >= 1 && index <= rows * cols else {
            throw ScriptError(.valueError, "num must be an integer with 1 <= num <= \(rows * cols), not \(index)")
        }
        return .object(PyAxes(state.currentFigure().subplot(rows: rows, columns: cols, index: index)))
    }

    static func savefig(_ state: PlotState, _ a: Bound, _ interp: Interpreter) throws -> Value {
        try refuseExtra(a)
        let path = try string(a["fname"], interp)
        let fromName = (path as NSString).pathExtension.lowercased()
        let kind =
            try a.optional("format").map { try string($0, interp).lowercased() }
            ?? (fromName.isEmpty ? "png" : fromName)
        let figure = state.currentFigure()
        let data: [UInt8]
        switch kind {
        case "png":
            let dpi = isString(a["dpi"]) ? figure.dpi : try a.double("dpi")
            guard dpi >= 10 && dpi <= 1000 else { throw ScriptError(.valueError, "dpi must be between 10 and 1000") }
            do { data = try figure.png(dpi: dpi) } catch { throw ScriptError(.memoryError, "\(error)") }
        case "svg": data = Array(figure.svg().utf8)
        default: throw ScriptError(.valueError, "Format '\(kind)' is not supported (supported formats: png, svg)")
        }
        let target = path.contains(".") ? path : path + "." + kind
        guard FileManager.default.createFile(atPath: target, contents: Data(data)) else {
            throw ScriptError(
                .fileNotFoundError, "[Errno 2] No such file or directory: \(try interp.repr(.string(target)))")
        }
        return .none
    }

    static func close(_ state: PlotState, _ a: Bound, _ interp: Interpreter) throws -> Value {
        switch a["fig"] {
        case .none: if let f = state.current { state.close(f) }
        case .str(let s) where s.value == "all":
            state.figures = []
            state.current = nil
        case .object(let f as PyFigure): state.close(f.figure)
        case .int(let n): if let f = state.figures.first(where: { $0.number == n }) { state.close(f) }
        default: throw ScriptError(.typeError, "close() takes a Figure, a figure number or 'all'")
        }
        return .none
    }

    /// pyplot's functions: declaration, refused parameters, body.
    static var declarations: [(String, Set<String>, Function)] {
        [
            (
                """
                figure(num=None, figsize=None, dpi=None, *, facecolor=None, edgecolor=None, frameon=True, clear=False)
                Starts a new figure, which later plotting draws on (figure(n) makes figure n current again).
                figsize: (width, height) in inches; (6.4, 4.8) by default.
                dpi: pixels per inch in saved PNG files; 100 by default.
                """, ["facecolor", "edgecolor", "frameon", "clear"], figure
            ),
            (
                """
                plot(*args, scalex=True, scaley=True, data=None, **kwargs)
                Draws lines through points: plot(y) against 0, 1, 2…, plot(x, y), plot(x, y, 'ro--'); returns the list \
                of lines.
                args: y, or x and y, each optionally followed by a format string of colour, marker and line style.
                kwargs: label (the name the legend shows), color ('red', 'C1', '#rrggbb'), linestyle ('-', '--', ':', '-.'), \
                linewidth, marker, markersize.
                """, ["scalex", "scaley", "data"], plot
            ),
            (
                """
                scatter(x, y, s=None, c=None, marker=None, cmap=None, norm=None, vmin=None, vmax=None, alpha=None, linewidths=None, *, \
                edgecolors=None, colorizer=None, plotnonfinite=False, data=None, **kwargs)
                Draws a marker at each point.
                s: the marker's area in points squared (36 by default).
                c: the colour.
                marker: 'o' (the default), '.', 'x', '+', '*', 's', '^' or 'D'.
                kwargs: label (the name the legend shows), color.
                """,
                [
                    "cmap", "norm", "vmin", "vmax", "alpha", "linewidths", "edgecolors", "colorizer", "plotnonfinite",
                    "data",
                ], scatter
            ),
            (
                "xlabel(xlabel, fontdict=None, labelpad=None, *, loc=None, **kwargs)  Sets the x axis' label.",
                ["fontdict", "labelpad", "loc"],
                label("xlabel", x: "0.5", y: "0") { ax, text, color in
                    ax.xlabel = text
                    if let color { ax.xlabelColor = color }
                }
            ),
            (
                "ylabel(ylabel, fontdict=None, labelpad=None, *, loc=None, **kwargs)  Sets the y axis' label.",
                ["fontdict", "labelpad", "loc"],
                label("ylabel", x: "0", y: "0.5") { ax, text, color in
                    ax.ylabel = text
                    if let color { ax.ylabelColor = color }
                }
            ),
            (
                "title(label, fontdict=None, loc=None, pad=None, *, y=None, **kwargs)  Sets the axes' title.",
                ["fontdict", "loc", "pad", "y"],
                label("label", x: "0.5", y: "1.0") { ax, text, color in
                    ax.title = text
                    if let color { ax.titleColor = color }
                }
            ),
            (
                "legend(*args, **kwargs)  Shows a legend of the labelled lines in the upper right; legend(labels) names the lines in order.",
                [], legend
            ),
            (
                "grid(visible=None, which='major', axis='both', **kwargs)  Draws grid lines at the ticks; grid() alone switches them on or off.",
                ["which", "axis"], grid
            ),
            (
                "xlim(left=None, right=None, *, emit=True, auto=False, xmin=None, xmax=None)  Sets the x axis' limits and returns them.",
                ["emit", "auto"], limits("left", "right", { $0.xLimits }) { $0.xlim = $1 }
            ),
            (
                "ylim(bottom=None, top=None, *, emit=True, auto=False, ymin=None, ymax=None)  Sets the y axis' limits and returns them.",
                ["emit", "auto"], limits("bottom", "top", { $0.yLimits }) { $0.ylim = $1 }
            ),
            (
                "subplot(*args, **kwargs)  Makes the axes at that place of an nrows × ncols grid current (subplot(211) is subplot(2, 1, 1)).",
                [], subplot
            ),
            ("gcf()  The current figure.", [], { state, _, _ in .object(PyFigure(state.currentFigure())) }),
            ("gca()  The current axes.", [], { state, _, _ in .object(PyAxes(state.currentFigure().currentAxes())) }),
            (
                """
                show(*, block=None)  Draws every figure in the terminal (braille lines, in colour on a colour terminal), \
                then closes them.
                block: nn draws at once, so both values behave alike.
                """, [],
                { state, _, interp in
                    state.show(interp)
                    return .none
                }
            ),
            (
                """
                savefig(fname, *, dpi='figure', format=None, metadata=None, bbox_inches=None, pad_inches=0.1, facecolor='auto', \
                edgecolor='auto', backend=None, **kwargs)
                Writes the current figure to a file: PNG or SVG, chosen by the name's extension.
                fname: the file's path, ending in .png or .svg.
                dpi: pixels per inch for PNG; the figure's (100) by default.
                format: 'png' or 'svg', when the name has no extension.
                """, ["metadata", "bbox_inches", "pad_inches", "facecolor", "edgecolor", "backend"], savefig
            ),
            ("close(fig=None)  Closes the current figure, a given one, or every figure with close('all').", [], close),
            (
                "clf()  Clears the current figure.", [],
                { state, _, _ in
                    state.currentFigure().clear()
                    return .none
                }
            ),
        ]
    }

    /// The pyplot state of an interpreter (its figures), importing pyplot if needed.
    static func state(_ interp: Interpreter) throws -> PlotState {
        _ = try interp.importModule(["matplotlib", "pyplot"])
        guard let state = interp.moduleState["matplotlib.pyplot"] as? PlotState else {
            throw ScriptError(.importError, "nn's pyplot module is missing its state")
        }
        return state
    }

    static func make(_ interp: Interpreter) throws -> PyModule {
        let state = PlotState()
        interp.moduleState["matplotlib.pyplot"] = state
        interp.finishHooks.append { interp in state.show(interp) }
        var m = ModuleBuilder("matplotlib.pyplot", style: .python(countsSelf: false))
        for (declaration, refused, body) in declarations + PyplotImages.declarations {
            m.def(declaration, refusing: refused) { a, interp in try body(state, a, interp) }
        }
        m.members["cm"] = .object(PyplotImages.cm())
        return m.build()
    }
}
