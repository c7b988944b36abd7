import Foundation
import NNKeras
import NNLang
import NNPlot
import NNTensor

/// pyplot's images and charts: `imshow`, `colorbar`, `bar`, `hist`, `xticks` / `yticks`,
/// `axis('off')`, `tight_layout` and the colormaps of `plt.cm`.
enum PyplotImages {
    /// A colormap object (`plt.cm.binary`, `plt.get_cmap('gray')`); calling it gives a value's RGBA.
    final class PyColormap: PyObject {
        let colormap: Colormap
        init(_ colormap: Colormap) { self.colormap = colormap }
        static let pyType: PyType = {
            let t = PyType("Colormap", base: .object)
            t.moduleName = "matplotlib.colors"
            return t
        }()
        override var type: PyType { PyColormap.pyType }
        override func repr(_ interp: Interpreter) throws -> String {
            "<matplotlib.colors.\(["viridis", "plasma", "inferno", "magma", "cividis"].contains(colormap.name.replacingOccurrences(of: "_r", with: "")) ? "ListedColormap" : "LinearSegmentedColormap") object at \(address)>"
        }
        override func attribute(_ name: String, _ interp: Interpreter) throws -> Value? {
            switch name {
            case "name": return .string(colormap.name)
            case "N": return .int(256)
            default: return nil
            }
        }
        override func call(_ args: Arguments, _ interp: Interpreter) throws -> Value {
            guard args.count == 1 else { throw ScriptError(.typeError, "a colormap takes one value from 0 to 1") }
            let x: Double
            if case .int(let i) = args[0] { x = (Double(i) + 0.5) / 256 } else { x = try Conversions.double(args[0]) }
            let c = colormap.color(x), numpy = try NumpyModule.state(interp)
            return .tuple(
                PyTuple(
                    ([Double(c.r), Double(c.g), Double(c.b)].map { $0 / 255 } + [1]).map {
                        .object(PyNumpyScalar($0, .float64, numpy))
                    }))
        }
    }

    /// A plotted image, bar or colorbar as scripts see it.
    final class PyPlotted: PyObject {
        let kind: String
        let bar: Bar?
        init(_ kind: String, bar: Bar? = nil) {
            self.kind = kind
            self.bar = bar
        }
        override var type: PyType { bar == nil ? PyPlotted.plainType : PyPlotted.rectangleType }
        override func repr(_ interp: Interpreter) throws -> String {
            guard let bar else { return "<\(kind) object at \(address)>" }
            func g(_ v: Double) -> String { String(format: "%g", v) }
            return
                "Rectangle(xy=(\(g(bar.x)), \(g(bar.bottom))), width=\(g(bar.width)), height=\(g(bar.height)), angle=0)"
        }

        static let plainType = PyType("Artist", base: .object)
        static let rectangleType: PyType = {
            var m = Members("Rectangle", style: .python(countsSelf: true))
            func bar(_ v: Value) throws -> Bar {
                guard case .object(let p as PyPlotted) = v, let b = p.bar else {
                    throw ScriptError(.typeError, "expected a Rectangle")
                }
                return b
            }
            func setColor(_ v: Value, _ a: Bound) throws -> Value {
                guard let c = try PyplotModule.color(a["color"]) else { return .none }
                try bar(v).color = c
                return .none
            }
            m.method("set_color(color)  Sets the bar's colour.") { v, a, _ in try setColor(v, a) }
            m.method("set_facecolor(color)  Sets the bar's fill colour.") { v, a, _ in try setColor(v, a) }
            m.method("set_edgecolor(color)  Sets the colour of the bar's outline.") { v, a, _ in
                try bar(v).edgeColor = try PyplotModule.color(a["color"])
                return .none
            }
            m.method("set_height(h)  Sets the bar's height.") { v, a, _ in
                try bar(v).height = try a.double("h")
                return .none
            }
            m.method("get_height()  The bar's height.") { v, _, _ in .float(try bar(v).height) }
            m.method("get_width()  The bar's width.") { v, _, _ in .float(try bar(v).width) }
            m.method("get_x()  The bar's left edge.") { v, _, _ in .float(try bar(v).x) }
            m.method("get_y()  The bar's bottom.") { v, _, _ in .float(try bar(v).bottom) }
            let t = PyType("Rectangle", base: .object, members: m.table)
            t.moduleName = "matplotlib.patches"
            return t
        }()
    }

    /// `bar`'s and `hist`'s result: the bars, indexed and iterated as matplotlib's tuple of them is.
    final class PyBarContainer: PyObject {
        let bars: [Value]
        init(_ bars: [Bar]) { self.bars = bars.map { .object(PyPlotted("matplotlib.patches.Rectangle", bar: $0)) } }
        static let pyType: PyType = {
            let t = PyType("BarContainer", base: .object)
            t.moduleName = "matplotlib.container"
            return t
        }()
        override var type: PyType { PyBarContainer.pyType }
        override func repr(_ interp: Interpreter) throws -> String { "<BarContainer object of \(bars.count) artists>" }
        override func length(_ interp: Interpreter) throws -> Int { bars.count }
        override func getItem(_ key: Value, _ interp: Interpreter) throws -> Value {
            try interp.getItem(.tuple(PyTuple(bars)), key)
        }
        override func makeIterator(_ interp: Interpreter) throws -> PyIterator { SequenceIterator(bars) }
    }

    static func container(_ bars: [Bar]) -> Value { .object(PyBarContainer(bars)) }

    static func colormap(_ v: Value?) throws -> Colormap? {
        guard let v, !v.isNone else { return nil }
        if case .object(let c as PyColormap) = v { return c.colormap }
        guard case .str(let s) = v else { throw ScriptError(.typeError, "cmap must be a colormap or its name") }
        guard let map = Colormap(named: s.value) else {
            let names = Colormap.names.flatMap { [$0, $0 + "_r"] }.map { "'\($0)'" }.joined(separator: ", ")
            throw ScriptError(.valueError, "'\(s.value)' is not a valid value for cmap; supported values are \(names)")
        }
        return map
    }

    static func imshow(_ state: PlotState, _ a: Bound, _ interp: Interpreter) throws -> Value {
        try PyplotModule.refuseExtra(a)
        let x = try NumpyConvert.array(a["X"])
        let interpolation =
            a["interpolation"].isNone ? "antialiased" : try PyplotModule.string(a["interpolation"], interp)
        guard ["antialiased", "auto", "nearest", "none"].contains(interpolation) else {
            throw ScriptError(.notImplementedError, "nn draws images with interpolation='nearest' only, for now")
        }
        if !a["origin"].isNone, try PyplotModule.string(a["origin"], interp) != "upper" {
            throw ScriptError(.notImplementedError, "nn draws images with origin='upper' only, for now")
        }
        let image: AxesImage
        let shape = x.shape
        if shape.count == 2 || (shape.count == 3 && shape[2] == 1) {
            let map = try colormap(a.optional("cmap")) ?? Colormap(named: "viridis")!
            image = AxesImage(
                values: x.elements, rows: shape[0], columns: shape[1], colormap: map,
                vmin: try a.optionalDouble("vmin"), vmax: try a.optionalDouble("vmax"))
        } else if shape.count == 3, shape[2] == 3 || shape[2] == 4 {
            // RGB(A): floats from 0 to 1, or integers from 0 to 255 (alpha over white).
            let e = x.elements, channels = shape[2], scale = x.dtype.isFloat ? 255.0 : 1.0
            let pixels = (0..<shape[0] * shape[1]).map { i -> RGB in
                let alpha = channels == 4 ? max(0, min(1, e[i * 4 + 3] * scale / 255)) : 1
                func level(_ k: Int) -> UInt8 {
                    let v = max(0, min(255, e[i * channels + k] * scale))
                    return UInt8((v * alpha + 255 * (1 - alpha)).rounded())
                }
                return RGB(level(0), level(1), level(2))
            }
            image = AxesImage(rows: shape[0], columns: shape[1], pixels: pixels, colormap: nil, range: (0, 1))
        } else {
            throw ScriptError(.typeError, "Invalid shape \(describeShape(shape)) for image data")
        }
        let ax = state.currentFigure().currentAxes()
        ax.images.append(image)
        let aspect = a["aspect"].isNone ? "equal" : try PyplotModule.string(a["aspect"], interp)
        guard aspect == "equal" || aspect == "auto" else {
            throw ScriptError(.notImplementedError, "nn takes aspect='equal' or 'auto' for images, for now")
        }
        ax.equalAspect = aspect == "equal"
        return .object(PyPlotted("matplotlib.image.AxesImage"))
    }

    static func colorbar(_ state: PlotState, _ a: Bound, _ interp: Interpreter) throws -> Value {
        try PyplotModule.refuseExtra(a)
        let ax = state.currentFigure().currentAxes()
        guard let image = ax.images.last(where: { $0.colormap != nil }) else {
            throw ScriptError(
                .runtimeError,
                "No mappable was found to use for colorbar creation. First define a mappable such as an image (with imshow) or a contour set (with contourf)."
            )
        }
        ax.colorbar = image
        return .object(PyPlotted("matplotlib.colorbar.Colorbar"))
    }

    /// A number, or numbers from a list, range, array or Series.
    static func numbers(_ v: Value, _ interp: Interpreter) throws -> [Double] {
        try PyplotModule.columns(v, interp, "the values").flatMap { $0 }
    }

    static func bar(_ state: PlotState, _ a: Bound, _ interp: Interpreter) throws -> Value {
        let xs = try numbers(a["x"], interp), heights = try numbers(a["height"], interp)
        let widths = try numbers(a["width"], interp)
        let bottoms = a["bottom"].isNone ? [0.0] : try numbers(a["bottom"], interp)
        let count = max(xs.count, heights.count)
        for (name, values) in [("x", xs), ("height", heights), ("width", widths), ("bottom", bottoms)]
        where values.count != 1 && values.count != count {
            throw ScriptError(
                .valueError,
                "shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is between arg 0 with shape (\(xs.count),) and arg \(name == "x" ? 1 : 0) with shape (\(values.count),)."
            )
        }
        func at(_ values: [Double], _ i: Int) -> Double { values.count == 1 ? values[0] : values[i] }
        let align = try PyplotModule.string(a["align"], interp)
        guard align == "center" || align == "edge" else {
            throw ScriptError(
                .valueError, "'\(align)' is not a valid value for align; supported values are 'center', 'edge'")
        }
        let ax = state.currentFigure().currentAxes()
        var colors: [RGB]? = nil, edge: RGB? = nil, label: String? = nil
        var tickLabels: [String]? = nil
        for (name, value) in a.keywords {
            switch name {
            case "color", "facecolor":
                if case .str = value {
                    colors = [try PyplotModule.color(value)!]
                } else {
                    colors = try interp.collect(value).map { try PyplotModule.color($0) ?? RGB.cycle[0] }
                }
            case "edgecolor", "ec": edge = try PyplotModule.color(value)
            case "label": label = try PyplotModule.string(value, interp)
            case "tick_label":
                tickLabels = try interp.collect(value).map { try PyplotModule.string($0, interp) }
            default: throw ScriptError(.notImplementedError, "nn does not support bar(\(name)=...) yet")
            }
        }
        let base = colors == nil ? ax.takeColor() : RGB.cycle[0]
        let bars = (0..<count).map { i -> Bar in
            let w = at(widths, i), x = at(xs, i)
            let bar = Bar(
                x: align == "center" ? x - w / 2 : x, width: w, bottom: at(bottoms, i), height: at(heights, i),
                color: colors.map { $0[i % $0.count] } ?? base)
            bar.edgeColor = edge
            bar.label = i == 0 ? label : nil
            return bar
        }
        ax.bars += bars
        if let tickLabels { ax.xticks = zip(0..<count, tickLabels).map { (at(xs, $0.0), $0.1) } }
        return container(bars)
    }

    static func hist(_ state: PlotState, _ a: Bound, _ interp: Interpreter) throws -> Value {
        var color = try PyplotModule.color(a.optional("color")), edge: RGB? = nil
        for (name, value) in a.keywords {
            switch name {
            case "edgecolor", "ec": edge = try PyplotModule.color(value)
            case "facecolor", "fc": color = try PyplotModule.color(value)
            default: throw ScriptError(.notImplementedError, "nn does not support hist(\(name)=...) yet")
            }
        }
        var keywords: [(name: String, value: Value)] = []
        if let range = a.optional("range") { keywords.append(("range", range)) }
        if let weights = a.optional("weights") { keywords.append(("weights", weights)) }
        if try a.bool("density") { keywords.append(("density", .true)) }
        // matplotlib's rcParams['hist.bins'] is 10.
        let (counts, edges, edgeArray) = try histogram(
            a["x"], bins: a["bins"].isNone ? .int(10) : a["bins"], keywords, interp)
        let ax = state.currentFigure().currentAxes()
        let fill = color ?? ax.takeColor()
        let label = a["label"].isNone ? nil : try PyplotModule.string(a["label"], interp)
        let bars = counts.indices.map { i -> Bar in
            let bar = Bar(x: edges[i], width: edges[i + 1] - edges[i], bottom: 0, height: counts[i], color: fill)
            bar.edgeColor = edge
            bar.label = i == 0 ? label : nil
            return bar
        }
        ax.bars += bars
        let numpyState = try NumpyModule.state(interp)
        return .tuple(
            PyTuple([
                .object(PyArray(NDArray(counts, shape: [counts.count], dtype: .float64), numpyState)), edgeArray,
                container(bars),
            ]))
    }

    /// numpy's histogram of the values (flattened): the counts, the bin edges, and the edges as numpy returns them.
    static func histogram(
        _ values: Value, bins: Value, _ keywords: [(name: String, value: Value)], _ interp: Interpreter
    ) throws -> (counts: [Double], edges: [Double], edgeArray: Value) {
        let numpy = try interp.importModule(["numpy"])
        guard let histogram = numpy.members["histogram"] else { throw ScriptError(.importError, "numpy.histogram") }
        let flat = NumpyConvert.wrap(
            try NumpyConvert.array(values).copy().reshaped([-1]), try NumpyModule.state(interp))
        let result = try interp.collect(try interp.call(histogram, Arguments([flat], [("bins", bins)] + keywords)))
        return (try NumpyConvert.array(result[0]).elements, try NumpyConvert.array(result[1]).elements, result[1])
    }

    /// `xticks` and `yticks`: set the positions (and labels) when given; return the ticks as matplotlib does.
    static func ticks(_ axis: String) -> PyplotModule.Function {
        { state, a, interp in
            let ax = state.currentFigure().currentAxes()
            var rotation: Double? = nil
            for (name, value) in a.keywords {
                switch name {
                case "rotation":
                    if case .str(let s) = value {
                        guard s.value == "vertical" || s.value == "horizontal" else {
                            throw ScriptError(.valueError, "rotation must be 'vertical', 'horizontal' or a number")
                        }
                        rotation = s.value == "vertical" ? 90 : 0
                    } else {
                        rotation = try Conversions.double(value)
                    }
                default: throw ScriptError(.notImplementedError, "nn does not support \(axis)ticks(\(name)=...) yet")
                }
            }
            if try a.bool("minor") { throw ScriptError(.notImplementedError, "nn does not draw minor ticks yet") }
            if !a["ticks"].isNone {
                let positions = try numbers(a["ticks"], interp)
                var labels: [String?] = positions.map { _ in nil }
                if !a["labels"].isNone {
                    let given = try interp.collect(a["labels"]).map { try PyplotModule.string($0, interp) }
                    guard given.count == positions.count else {
                        throw ScriptError(
                            .valueError,
                            "The number of FixedLocator locations (\(positions.count)), usually from a call to set_ticks, does not match the number of labels (\(given.count))."
                        )
                    }
                    labels = given
                }
                let set = Array(zip(positions, labels))
                if axis == "x" { ax.xticks = set } else { ax.yticks = set }
            } else if !a["labels"].isNone {
                throw ScriptError(.typeError, "labels argument cannot be None when ticks argument is None")
            }
            if let rotation, axis == "x" { ax.xtickRotation = rotation }
            // matplotlib's: the Tick objects and their labels' Text objects, at (position, 0) for x.
            let set = (axis == "x" ? ax.xticks : ax.yticks) ?? []
            let formatted = Ticks.labels(set.map(\.0)).0
            let ticks = set.map { _ in Value.object(PyPlotted("matplotlib.axis.\(axis.uppercased())Tick")) }
            let texts = zip(set, formatted).map { t, label -> Value in
                let at = try? interp.repr(.float(t.0))
                let position = t.0 == t.0.rounded() && axis == "x" ? String(Int(t.0)) : at ?? ""
                return .object(
                    PyText(
                        x: axis == "x" ? position : "0", y: axis == "x" ? "0" : position, text: t.1 ?? label))
            }
            return .tuple(PyTuple([.list(PyList(ticks)), .list(PyList(texts))]))
        }
    }

    static func axis(_ state: PlotState, _ a: Bound, _ interp: Interpreter) throws -> Value {
        try PyplotModule.refuseExtra(a)
        let ax = state.currentFigure().currentAxes()
        switch a["arg"] {
        case .none: break
        case .bool(let on): ax.axisOn = on
        case .str(let s):
            switch s.value {
            case "off": ax.axisOn = false
            case "on": ax.axisOn = true
            case "equal", "scaled", "image": ax.equalAspect = true
            case "auto": ax.equalAspect = false
            default: throw ScriptError(.valueError, "Unrecognized string '\(s.value)' to axis; try 'on' or 'off'")
            }
        default:
            let limits = try numbers(a["arg"], interp)
            guard limits.count == 4 else {
                throw ScriptError(
                    .typeError, "The first argument to axis() must be an iterable of the form [xmin, xmax, ymin, ymax]")
            }
            (ax.xlim, ax.ylim) = ((limits[0], limits[1]), (limits[2], limits[3]))
        }
        let (x0, x1) = ax.xLimits, (y0, y1) = ax.yLimits, numpy = try NumpyModule.state(interp)
        return .tuple(PyTuple([x0, x1, y0, y1].map { .object(PyNumpyScalar($0, .float64, numpy)) }))
    }

    /// The declarations these functions join pyplot's with.
    static var declarations: [(String, Set<String>, PyplotModule.Function)] {
        [
            (
                """
                imshow(X, cmap=None, norm=None, *, aspect=None, interpolation=None, alpha=None, vmin=None, vmax=None, \
                colorizer=None, origin=None, extent=None, interpolation_stage=None, filternorm=True, filterrad=4.0, \
                resample=None, url=None, data=None, **kwargs)
                Shows an array as an image: 2-D values through a colormap, or (rows, columns, 3 or 4) RGB(A) pixels.
                cmap: the colormap (plt.cm.binary, 'gray', 'viridis' …); 'viridis' by default.
                vmin: the value the colormap's first colour stands for (the data's minimum when None).
                vmax: the value its last colour stands for (the data's maximum when None).
                aspect: 'equal' (square pixels, the default) or 'auto' (the image fills the axes).
                interpolation: nn draws each pixel as a flat square ('nearest').
                origin: 'upper': the first row at the top.
                """,
                [
                    "norm", "alpha", "colorizer", "extent", "interpolation_stage", "filternorm", "filterrad",
                    "resample", "url", "data",
                ],
                imshow
            ),
            (
                "colorbar(mappable=None, cax=None, ax=None, **kwargs)  Draws the current image's colormap as a bar beside the axes.",
                ["mappable", "cax", "ax"], colorbar
            ),
            (
                """
                bar(x, height, width=0.8, bottom=None, *, align='center', data=None, **kwargs)
                Draws bars of the heights at the positions x; returns the bars (each with set_color).
                kwargs: color (one or one per bar), edgecolor, label, tick_label.
                """, ["data"], bar
            ),
            (
                """
                hist(x, bins=None, range=None, density=False, weights=None, cumulative=False, bottom=None, \
                histtype='bar', align='mid', orientation='vertical', rwidth=None, log=False, color=None, label=None, \
                stacked=False, *, data=None, **kwargs)
                Draws a histogram of the values; returns (counts, bin edges, bars).
                bins: the number of equal bins (10 when None), or their edges.
                range: (low, high) the bins span; the data's extremes when None.
                density: each bar's height is its share divided by its width.
                weights: a weight per value, added to its bin instead of 1.
                color: the bars' colour.
                label: the name the legend shows.
                """,
                ["cumulative", "bottom", "histtype", "align", "orientation", "rwidth", "log", "stacked", "data"], hist
            ),
            (
                """
                xticks(ticks=None, labels=None, *, minor=False, **kwargs)  Sets the x ticks' positions (and labels); \
                xticks([]) hides them.
                kwargs: rotation, the labels' angle in degrees.
                """, [], ticks("x")
            ),
            (
                "yticks(ticks=None, labels=None, *, minor=False, **kwargs)  Sets the y ticks' positions (and labels); yticks([]) hides them.",
                [], ticks("y")
            ),
            (
                "axis(arg=None, /, *, emit=True, **kwargs)  axis('off') hides the axes' frame, ticks and labels; axis([x0, x1, y0, y1]) sets the limits.",
                ["emit"], axis
            ),
            (
                """
                tight_layout(*, pad=1.08, h_pad=None, w_pad=None, rect=None)  Fits the subplots' margins to their \
                labels, so that titles and tick labels of neighbouring subplots do not overlap.
                """, ["pad", "h_pad", "w_pad", "rect"],
                { state, _, _ in
                    state.currentFigure().tightLayout = true
                    return .none
                }
            ),
            (
                "get_cmap(name=None, lut=None)  A colormap by name ('viridis' when None).", ["lut"],
                { _, a, interp in
                    .object(PyColormap(try colormap(a.optional("name")) ?? Colormap(named: "viridis")!))
                }
            ),
        ]
    }

    /// `plt.cm`: every colormap by name (and reversed, `_r`), and `get_cmap`.
    static func cm() -> PyModule {
        var m = ModuleBuilder("matplotlib.cm", style: .python(countsSelf: false))
        for name in Colormap.names {
            for variant in [name, name + "_r"] { m.members[variant] = .object(PyColormap(Colormap(named: variant)!)) }
        }
        m.members["grey"] = m.members["gray"]
        return m.build()
    }
}
