import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import NNFrame
import NNLang
import NNTensor
#if canImport(Glibc)
import Glibc
#endif

/// `pandas`: tables from the NNFrame runtime, CSV files and URLs (with an offline cache).
enum PandasModule {
    static func make(_ interp: Interpreter) throws -> PyModule {
        let state = PandasState(numpy: try NumpyModule.state(interp))
        var m = ModuleBuilder("pandas")
        m.members["__version__"] = .string("2.2.3")
        m.members["DataFrame"] = .object(PyType("DataFrame", base: .object) { args, interp in
            let b = try args.bind("DataFrame", ["data", "index", "columns"])
            guard let data = b[0], case .dict(let d) = data else { throw ScriptError(.typeError, "nn makes a DataFrame from a dict of columns") }
            var frame = DataFrame(columns: [])
            for (key, value) in d.items {
                var column = try PandasConvert.column(value, count: frame.rowCount, interp)
                column.name = try interp.str(key)
                try frameCall { try frame.set(column) }
            }
            return .object(PyDataFrame(frame, state))
        })
        m.members["Series"] = .object(PyType("Series", base: .object) { args, interp in
            let b = try args.bind("Series", ["data", "index", "dtype", "name"])
            var column = try PandasConvert.column(b[0] ?? .list(PyList()), count: 0, interp)
            if let n = b[3], case .str(let s) = n { column.name = s.value }
            return .object(PySeries(column, labels: (0..<column.count).map { .int($0) }, state))
        })
        m.function("read_csv", "read_csv(path_or_url, sep=',', header=0, names=None, index_col=None, usecols=None)") { args, interp in
            let b = try args.bind("read_csv", ["filepath_or_buffer", "sep", "delimiter", "header", "names", "index_col", "usecols", "encoding"], required: 1)
            let path = try Conversions.string(b[0]!, "read_csv() takes a path or a URL")
            var options = CSVReader.Options()
            if let sep = b[1] ?? b[2], case .str(let s) = sep, let c = s.value.first { options.separator = c }
            if let h = b[3] {
                if h.isNone { options.header = nil } else if case .str = h {} else { options.header = try Conversions.int(h) }
            }
            if let n = b[4], !n.isNone { options.names = try interp.collect(n).map { try interp.str($0) } }
            if let i = b[5], !i.isNone { options.indexColumn = try Conversions.int(i) }
            if let u = b[6], !u.isNone { options.useColumns = try interp.collect(u).map { try interp.str($0) } }
            let text = try CSVSource.text(path, interp)
            return .object(PyDataFrame(try frameCall { try CSVReader.read(text: text, options: options) }, state))
        }
        m.function("get_dummies", "get_dummies(data) turns text and category columns into one bool column per value.") { args, _ in
            let b = try args.bind("get_dummies", ["data", "prefix", "columns", "dtype"], required: 1)
            switch b[0]! {
            case .object(let df as PyDataFrame): return .object(PyDataFrame(df.frame.dummies(), state))
            case .object(let s as PySeries):
                let encoded = DataFrame(columns: [s.column], index: (0..<s.column.count).map { $0 }).dummies()
                let renamed = encoded.columns.map { c -> Column in
                    var c = c
                    c.name = String(c.name.dropFirst(s.column.name.count + 1))
                    return c
                }
                return .object(PyDataFrame(DataFrame(columns: renamed), state))
            default: throw ScriptError(.typeError, "get_dummies() takes a DataFrame or a Series")
            }
        }
        m.function("isna", "isna(x) is True where a value is missing.") { args, _ in
            try args.expect("isna", 1...1)
            if let d = try? Conversions.double(args[0]) { return .bool(d.isNaN) }
            return .bool(args[0].isNone)
        }
        return m.build()
    }
}

/// Where CSV text comes from: a file, or a URL through the download cache.
enum CSVSource {
    static func text(_ path: String, _ interp: Interpreter) throws -> String {
        if path.hasPrefix("http://") || path.hasPrefix("https://") {
            return try DownloadCache.text(url: path, interp)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ScriptError(.fileNotFoundError, "[Errno 2] No such file or directory: '\(path)'")
        }
        return String(decoding: data, as: UTF8.self)
    }
}

/// Keras-style dataset cache for URLs: `<cache>/<host>/<path>`, where the cache is `$NN_CACHE_DIR`
/// or `~/.cache/nn`. A cached file is used as it is, so a cache filled by copying files works offline.
enum DownloadCache {
    static var directory: String {
        if let dir = ProcessInfo.processInfo.environment["NN_CACHE_DIR"], !dir.isEmpty { return dir }
        return (ProcessInfo.processInfo.environment["HOME"] ?? NSTemporaryDirectory()) + "/.cache/nn"
    }

    static func location(_ url: String) throws -> String {
        guard let u = URL(string: url), let host = u.host else { throw ScriptError(.valueError, "Invalid URL '\(url)'") }
        return directory + "/" + host + u.path
    }

    static func text(url: String, _ interp: Interpreter) throws -> String {
        let file = try location(url)
        if let data = FileManager.default.contents(atPath: file) { return String(decoding: data, as: UTF8.self) }
        // Like Keras's get_file, a download says so on a terminal (standard error, so output stays clean).
        let terminal = isatty(2) != 0
        if terminal { writeStandardError("Downloading data from \(url)\n") }
        let data = try download(url)
        if terminal { writeStandardError("\(data.count)/\(data.count) bytes, saved to \(file)\n") }
        try? FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: file, contents: data)
        return String(decoding: data, as: UTF8.self)
    }

    static func download(_ url: String) throws -> Data {
        guard let u = URL(string: url) else { throw ScriptError(.valueError, "Invalid URL '\(url)'") }
        final class Box: @unchecked Sendable { var data: Data?; var error: String? }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        var request = URLRequest(url: u)
        request.timeoutInterval = 30
        URLSession.shared.dataTask(with: request) { data, response, error in
            if let error { box.error = error.localizedDescription } else if let http = response as? HTTPURLResponse, http.statusCode != 200 {
                box.error = "HTTP Error \(http.statusCode)"
            } else {
                box.data = data
            }
            done.signal()
        }.resume()
        done.wait()
        guard let data = box.data else {
            throw ScriptError(.osError, "<urlopen error \(box.error ?? "no data")> (no cached copy in \(directory); copy the file to \((try? location(url)) ?? directory) to work offline)")
        }
        return data
    }
}
