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
        var m = ModuleBuilder("pandas", style: .python(countsSelf: false))
        m.members["__version__"] = .string("2.2.3")
        state.frameType = PyType(
            "DataFrame", base: .object, members: PandasMethods.frameMembers,
            signature: Signature(
                """
                DataFrame(data=None, index=None, columns=None, dtype=None, copy=None)  A table, from a dict of columns.
                data: a dict of column name to the column's values.
                """, style: .python(countsSelf: true), errorName: "DataFrame.__init__",
                refusing: ["index", "columns", "dtype", "copy"])
        ) { a, interp in
            var frame = DataFrame(columns: [])
            guard let data = a.optional("data") else { return .object(PyDataFrame(frame, state)) }
            guard case .dict(let d) = data else {
                throw ScriptError(.notImplementedError, "nn makes a DataFrame from a dict of columns for now")
            }
            for (key, value) in d.items {
                var column = try PandasConvert.column(value, count: frame.rowCount, interp)
                column.name = try interp.str(key)
                try frameCall { try frame.set(column) }
            }
            return .object(PyDataFrame(frame, state))
        }
        state.seriesType = PyType(
            "Series", base: .object, members: PandasMethods.seriesMembers,
            signature: Signature(
                """
                Series(data=None, index=None, dtype=None, name=None, copy=None, fastpath=<unset>)  One column of values \
                with a name.
                data: the values, as a list or an array.
                name: the Series' name.
                """, style: .python(countsSelf: true), errorName: "Series.__init__",
                refusing: ["index", "dtype", "copy", "fastpath"])
        ) { a, interp in
            var column = try PandasConvert.column(a.optional("data") ?? .list(PyList()), count: 0, interp)
            if let name = a.optional("name") { column.name = try interp.str(name) }
            return .object(PySeries(column, labels: (0..<column.count).map { .int($0) }, state))
        }
        state.frameType.moduleName = "pandas"
        state.seriesType.moduleName = "pandas"
        m.members["DataFrame"] = .object(state.frameType)
        m.members["Series"] = .object(state.seriesType)
        m.def(
            """
            read_csv(filepath_or_buffer, *, sep=<unset>, delimiter=None, header='infer', names=<unset>, index_col=None, usecols=None, \
            dtype=None, engine=None, converters=None, true_values=None, false_values=None, skipinitialspace=False, skiprows=None, \
            skipfooter=0, nrows=None, na_values=None, keep_default_na=True, na_filter=True, verbose=<unset>, skip_blank_lines=True, \
            parse_dates=None, infer_datetime_format=<unset>, keep_date_col=<unset>, date_parser=<unset>, date_format=None, \
            dayfirst=False, cache_dates=True, iterator=False, chunksize=None, compression='infer', thousands=None, decimal='.', \
            lineterminator=None, quotechar='"', quoting=0, doublequote=True, escapechar=None, comment=None, encoding=None, \
            encoding_errors='strict', dialect=None, on_bad_lines='error', delim_whitespace=<unset>, low_memory=True, \
            memory_map=False, float_precision=None, storage_options=None, dtype_backend=<unset>)
            A table read from a CSV file or an http(s) URL (downloads are cached, see the README).
            filepath_or_buffer: a path or a URL.
            sep: the character between fields (',' by default).
            delimiter: another name for sep.
            header: the row that holds the column names, or None when there is none.
            names: the column names to use.
            index_col: the position of the column that labels the rows.
            usecols: the columns to keep, by name.
            encoding: the file's encoding: 'utf-8' by default; 'cp949' or 'euc-kr' for many Korean files.
            encoding_errors: what to do with bytes that are not the encoding's ('strict' raises; 'replace', 'ignore').
            """,
            refusing: [
                "dtype", "engine", "converters", "true_values", "false_values", "skipinitialspace", "skiprows",
                "skipfooter", "nrows", "na_values", "keep_default_na", "na_filter", "verbose", "skip_blank_lines",
                "parse_dates", "infer_datetime_format", "keep_date_col", "date_parser", "date_format", "dayfirst",
                "cache_dates", "iterator", "chunksize", "compression", "thousands", "decimal", "lineterminator",
                "quotechar", "quoting", "doublequote", "escapechar", "comment", "dialect",
                "on_bad_lines", "delim_whitespace", "low_memory", "memory_map", "float_precision",
                "storage_options", "dtype_backend",
            ]
        ) { a, interp in
            let source = a["filepath_or_buffer"]
            guard let path = try? Conversions.path(source) else {
                throw ScriptError(.typeError, "read_csv() takes a path or a URL, not \(source.typeName)")
            }
            var options = CSVReader.Options()
            if let sep = try a.optionalString("sep") ?? a.optionalString("delimiter") {
                guard sep.count == 1, let c = sep.first else {
                    throw ScriptError(
                        .notImplementedError, "nn reads CSV files with a one-character separator, not sep='\(sep)'")
                }
                options.separator = c
            }
            switch a["header"] {
            case .none: options.header = nil
            case .str(let s) where s.value == "infer": break
            case let h: options.header = try Conversions.int(h)
            }
            if let n = a.optional("names") { options.names = try interp.collect(n).map { try interp.str($0) } }
            if let i = try a.optionalInt("index_col") { options.indexColumn = i }
            if let u = a.optional("usecols") { options.useColumns = try interp.collect(u).map { try interp.str($0) } }
            let codec = try a.optionalString("encoding").map { try TextCodec($0) } ?? .utf8
            let errors = TextCodec.ErrorHandler(try a.string("encoding_errors"))
            let text = try codec.decode(try CSVSource.bytes(path, interp), errors: errors)
            return .object(PyDataFrame(try frameCall { try CSVReader.read(text: text, options: options) }, state))
        }
        m.def(
            """
            get_dummies(data, prefix=None, prefix_sep='_', dummy_na=False, columns=None, sparse=False, \
            drop_first=False, dtype=None)
            One column of bools per value of each text or category column (one-hot encoding).
            dtype: the type of the new columns (bool by default; float or int give numbers).
            """, refusing: ["prefix", "prefix_sep", "dummy_na", "columns", "sparse", "drop_first"]
        ) { a, _ in
            var encoded: DataFrame
            switch a["data"] {
            case .object(let df as PyDataFrame): encoded = df.frame.dummies()
            case .object(let s as PySeries):
                let dummies = DataFrame(columns: [s.column], index: (0..<s.column.count).map { $0 }).dummies()
                encoded = DataFrame(
                    columns: dummies.columns.map { c -> Column in
                        var c = c
                        c.name = String(c.name.dropFirst(s.column.name.count + 1))
                        return c
                    })
            default: throw ScriptError(.typeError, "get_dummies() takes a DataFrame or a Series")
            }
            if let dtype = a.optional("dtype") {
                let type = try PandasMethods.columnType(dtype)
                encoded = DataFrame(
                    columns: try frameCall {
                        try encoded.columns.map { $0.type == .bool ? try $0.converted(to: type) : $0 }
                    },
                    index: encoded.index)
            }
            return .object(PyDataFrame(encoded, state))
        }
        m.def("isna(obj)  Whether the value is missing (None or NaN).") { a, _ in
            let obj = a["obj"]
            if let d = try? Conversions.double(obj) { return .bool(d.isNaN) }
            return .bool(obj.isNone)
        }
        return m.build()
    }
}

/// Where CSV text comes from: a file, or a URL through the download cache.
enum CSVSource {
    static func bytes(_ path: String, _ interp: Interpreter) throws -> [UInt8] {
        if path.hasPrefix("http://") || path.hasPrefix("https://") {
            return try DownloadCache.bytes(url: path, interp)
        }
        return try FileMethods.contents(path)
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
        guard let u = URL(string: url), let host = u.host else {
            throw ScriptError(.valueError, "Invalid URL '\(url)'")
        }
        return directory + "/" + host + u.path
    }

    static func bytes(url: String, _ interp: Interpreter) throws -> [UInt8] {
        let file = try location(url)
        if let data = FileManager.default.contents(atPath: file) { return [UInt8](data) }
        // Like Keras's get_file, a download says so on a terminal (standard error, so output stays clean).
        let terminal = isatty(2) != 0
        if terminal { writeStandardError("Downloading data from \(url)\n") }
        let data = try download(url)
        if terminal { writeStandardError("\(data.count)/\(data.count) bytes, saved to \(file)\n") }
        try? FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: file, contents: data)
        return [UInt8](data)
    }

    static func download(_ url: String) throws -> Data {
        do {
            return try fetch(url)
        } catch let e as FetchFailure {
            throw ScriptError(
                .osError,
                "<urlopen error \(e.status.map { "HTTP Error \($0): " } ?? "")\(e.reason)> (no cached copy in \(directory); copy the file to "
                    + "\((try? location(url)) ?? directory) to work offline)")
        }
    }

    /// Why a URL could not be read: urllib's HTTP status and reason, or the reason alone.
    struct FetchFailure: Error {
        let status: Int?
        let reason: String
    }

    /// The contents at a URL (http, https, or file).
    /// The bytes at a URL (file:// too). While it downloads, `progress` hears the bytes received so far
    /// and the size expected (nil when the server does not say), ten times a second; Ctrl-C cancels it.
    static func fetch(_ url: String, progress: ((Int, Int?) -> Void)? = nil) throws -> Data {
        guard let u = URL(string: url) else { throw ScriptError(.valueError, "Invalid URL '\(url)'") }
        if u.isFileURL {
            guard let data = FileManager.default.contents(atPath: u.path) else {
                throw FetchFailure(status: nil, reason: "[Errno 2] No such file or directory: '\(u.path)'")
            }
            return data
        }
        final class Box: @unchecked Sendable { var data: Data?, error: String?, status: Int? }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        var request = URLRequest(url: u)
        request.timeoutInterval = 30
        let task = URLSession.shared.dataTask(with: request) { data, response, error in
            if let error {
                box.error = error.localizedDescription
            } else if let http = response as? HTTPURLResponse, http.statusCode != 200 {
                box.status = http.statusCode
                box.error = HTTPURLResponse.localizedString(forStatusCode: http.statusCode).capitalized
            } else {
                box.data = data
            }
            done.signal()
        }
        task.resume()
        while done.wait(timeout: .now() + 0.1) == .timedOut {
            if Interpreter.interruptRequested {
                task.cancel()
                done.wait()
                throw ScriptError(.keyboardInterrupt, "")
            }
            let expected = task.countOfBytesExpectedToReceive
            progress?(Int(task.countOfBytesReceived), expected > 0 ? Int(expected) : nil)
        }
        guard let data = box.data else { throw FetchFailure(status: box.status, reason: box.error ?? "no data") }
        return data
    }
}
