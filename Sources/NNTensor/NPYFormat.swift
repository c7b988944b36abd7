import NNFloatText

/// numpy's `.npy` file format (numpy/lib/format.py): the magic `\x93NUMPY`, a version, a header
/// length, a header that is a Python dict literal naming the dtype, the order and the shape, padded
/// with spaces to a multiple of 64 bytes and ended by a newline, then the elements.
public enum NPYFormat {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        /// Whether the file is well formed but holds what nn cannot represent (an array of strings).
        public let unsupported: Bool
        init(_ description: String, unsupported: Bool = false) {
            self.description = description
            self.unsupported = unsupported
        }
    }

    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// Whether `bytes` start as an `.npy` file does.
    public static func isNPY(_ bytes: [UInt8]) -> Bool { bytes.starts(with: magic) }

    /// The element type code numpy writes for each dtype (little-endian, as on x86 and ARM).
    static func descr(_ dtype: DType) -> String {
        switch dtype {
        case .float64: return "<f8"
        case .float32: return "<f4"
        case .int64: return "<i8"
        case .int32: return "<i4"
        case .uint8: return "|u1"
        case .bool: return "|b1"
        }
    }

    /// The file numpy's `np.save` writes for `array` (format version 1.0, or 2.0 for a header past
    /// 65535 bytes).
    public static func encode(_ array: NDArray) -> [UInt8] {
        let shape = array.shape.map(String.init).joined(separator: ", ") + (array.ndim == 1 ? "," : "")
        var header = "{'descr': '\(descr(array.dtype))', 'fortran_order': False, 'shape': (\(shape)), }"
        let large = header.utf8.count + 11 > 65535
        let prefix = magic.count + 2 + (large ? 4 : 2)
        let padding = (64 - (prefix + header.utf8.count + 1) % 64) % 64
        header += String(repeating: " ", count: padding) + "\n"
        var out = magic + [large ? 2 : 1, 0]
        let length = header.utf8.count
        out +=
            large
            ? (0..<4).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) }
            : [UInt8(length & 0xFF), UInt8(length >> 8)]
        out += Array(header.utf8)
        let values = array.elements
        out.reserveCapacity(out.count + values.count * elementSize(array.dtype))
        switch array.dtype {
        case .float64: for v in values { appendLittleEndian(v.bitPattern, to: &out) }
        case .float32: for v in values { appendLittleEndian(Float(v).bitPattern, to: &out) }
        case .int64: for v in values { appendLittleEndian(UInt64(bitPattern: Int64(v)), to: &out) }
        case .int32: for v in values { appendLittleEndian(UInt32(bitPattern: Int32(v)), to: &out) }
        case .uint8: for v in values { out.append(UInt8(v)) }
        case .bool: for v in values { out.append(v != 0 ? 1 : 0) }
        }
        return out
    }

    static func elementSize(_ dtype: DType) -> Int {
        switch dtype {
        case .float64, .int64: return 8
        case .float32, .int32: return 4
        case .uint8, .bool: return 1
        }
    }

    static func appendLittleEndian<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
        for i in 0..<(T.bitWidth / 8) { out.append(UInt8(truncatingIfNeeded: value >> (8 * i))) }
    }

    /// The array an `.npy` file holds. Elements of every integer, unsigned, float and bool width
    /// are read; those nn has no dtype for become the nearest it has (int8 and int16 as int32,
    /// uint16 and uint32 as int64, float16 as float32).
    public static func decode(_ bytes: [UInt8], maxHeaderSize: Int = 10000) throws -> NDArray {
        guard isNPY(bytes), bytes.count >= 10 else { throw Failure("the file is not a .npy file") }
        let major = bytes[6]
        guard (1...3).contains(major) else {
            throw Failure("we only support format version (1,0), (2,0), and (3,0), not (\(major), \(bytes[7]))")
        }
        let lengthSize = major == 1 ? 2 : 4
        guard bytes.count >= 8 + lengthSize else { throw Failure("EOF: reading array header length") }
        let length = (0..<lengthSize).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
        let start = 8 + lengthSize
        guard length <= maxHeaderSize else {
            throw Failure("Header info length (\(length)) is large and may not be safe to load securely.")
        }
        guard bytes.count >= start + length,
            let header = String(validating: bytes[start..<start + length], as: UTF8.self)
        else { throw Failure("EOF: reading array header") }
        let (type, fortran, shape) = try parseHeader(header)
        let count = shape.reduce(1, *)
        let body = start + length
        guard bytes.count - body >= count * type.size else {
            throw Failure(
                "cannot reshape array of size \((bytes.count - body) / max(type.size, 1)) into shape "
                    + NDArray.describe(shape))
        }
        let values = (0..<count).map { type.value(bytes, at: body + $0 * type.size) }
        if !fortran || shape.count < 2 { return NDArray(values, shape: shape, dtype: type.dtype) }
        // Column-major: read as the reversed shape, then transpose back.
        let reversed = NDArray(values, shape: shape.reversed(), dtype: type.dtype)
        let t = try reversed.transposed()
        return NDArray(t.elements, shape: shape, dtype: type.dtype)
    }

    /// One element type of the file: its size, byte order, and how its bytes become a value.
    struct ElementType {
        let kind: Character, size: Int, bigEndian: Bool

        var dtype: DType {
            switch (kind, size) {
            case ("f", 8): return .float64
            case ("f", _): return .float32
            case ("b", _): return .bool
            case ("u", 1): return .uint8
            case ("i", 8), ("u", _): return .int64
            default: return .int32
            }
        }

        func value(_ bytes: [UInt8], at offset: Int) -> Double {
            var bits: UInt64 = 0
            for i in 0..<size {
                let byte = UInt64(bytes[offset + (bigEndian ? i : size - 1 - i)])
                bits = bits << 8 | byte
            }
            switch (kind, size) {
            case ("f", 8): return Double(bitPattern: bits)
            case ("f", 4): return Double(Float(bitPattern: UInt32(bits)))
            case ("f", _): return Double(Float(Float16(bitPattern: UInt16(bits))))
            case ("b", _): return bits != 0 ? 1 : 0
            case ("u", _): return Double(bits)
            default:  // signed: extend the sign of the top bit
                let shift = UInt64(64 - 8 * size)
                return Double(Int64(bitPattern: bits << shift) >> Int64(shift))
            }
        }
    }

    /// Reads `{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }`.
    static func parseHeader(_ header: String) throws -> (ElementType, Bool, [Int]) {
        func field(_ key: String) throws -> Substring {
            guard let range = header.range(of: "'\(key)':") else {
                throw Failure("Header does not contain the correct keys: \(header.trimmingSpaces())")
            }
            return header[range.upperBound...].drop { $0 == " " }
        }
        let descrText = try field("descr")
        guard let quote = descrText.first, quote == "'" || quote == "\"",
            let close = descrText.dropFirst().firstIndex(of: quote)
        else {
            throw Failure("nn cannot read arrays of structured dtypes", unsupported: true)
        }
        let descr = Array(descrText[descrText.index(after: descrText.startIndex)..<close])
        guard descr.count >= 3, "<>|=".contains(descr[0]), let size = Int(String(descr[2...])),
            "fiub".contains(descr[1]), [1, 2, 4, 8].contains(size), descr[1] != "f" || size >= 2
        else {
            let name = String(descr)
            if name.contains("O") {
                throw Failure("Object arrays cannot be loaded when allow_pickle=False", unsupported: true)
            }
            throw Failure("nn cannot read arrays of dtype '\(name)'", unsupported: true)
        }
        let type = ElementType(kind: descr[1], size: size, bigEndian: descr[0] == ">")
        let fortran = try field("fortran_order").hasPrefix("True")
        let shapeText = try field("shape")
        guard shapeText.first == "(", let end = shapeText.firstIndex(of: ")") else {
            throw Failure("shape is not valid: \(shapeText.prefix(40))")
        }
        let dims = shapeText[shapeText.index(after: shapeText.startIndex)..<end].split(separator: ",").map {
            $0.trimmingSpaces()
        }
        var shape: [Int] = []
        for d in dims where !d.isEmpty {
            guard let n = Int(d), n >= 0 else { throw Failure("shape is not valid: \(shapeText.prefix(40))") }
            shape.append(n)
        }
        let (_, overflow) = shape.reduce((1, false)) { acc, d in
            let (p, o) = acc.0.multipliedReportingOverflow(by: d)
            return (p, acc.1 || o)
        }
        if overflow { throw Failure("shape is not valid: \(shapeText.prefix(40))") }
        return (type, fortran, shape)
    }
}
