/// `tf.train.Example`, the protocol-buffer message TFDS stores one record as: named features, each
/// a list of byte strings, floats or 64-bit integers.
public struct Example: Equatable {
    public enum Feature: Equatable {
        case bytes([[UInt8]])
        case floats([Float])
        case ints([Int64])
    }

    public var features: [String: Feature]

    public init(_ features: [String: Feature]) { self.features = features }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Decodes the message's wire format (Example.features = 1; Features.feature = 1, a map entry of
    /// key = 1 and value = 2; Feature's bytes_list = 1, float_list = 2, int64_list = 3, each a
    /// repeated `value = 1`, packed or not).
    public init(decoding bytes: ArraySlice<UInt8>) throws {
        features = [:]
        var message = Reader(bytes)
        while let (field, value) = try message.next() {
            guard field == 1 else { continue }
            var map = Reader(try value.bytes())
            while let (entryField, entry) = try map.next() {
                guard entryField == 1 else { continue }
                var key = "", feature = Feature.bytes([])
                var parts = Reader(try entry.bytes())
                while let (part, value) = try parts.next() {
                    if part == 1 { key = String(decoding: try value.bytes(), as: UTF8.self) }
                    if part == 2 { feature = try Example.feature(try value.bytes()) }
                }
                features[key] = feature
            }
        }
    }

    private static func feature(_ bytes: ArraySlice<UInt8>) throws -> Feature {
        var reader = Reader(bytes)
        var feature = Feature.bytes([])
        while let (kind, list) = try reader.next() {
            var values = Reader(try list.bytes())
            switch kind {
            case 1:
                var items: [[UInt8]] = []
                while let (_, v) = try values.next() { items.append(Array(try v.bytes())) }
                feature = .bytes(items)
            case 2:
                var items: [Float] = []
                while let (_, v) = try values.next() {
                    switch v {
                    case .fixed32(let bits): items.append(Float(bitPattern: bits))
                    case .bytes(let packed):
                        guard packed.count % 4 == 0 else { throw Failure(description: "a packed float list's size") }
                        for i in stride(from: packed.startIndex, to: packed.endIndex, by: 4) {
                            items.append(Float(bitPattern: Reader.word(packed, i)))
                        }
                    default: throw Failure(description: "a float list holds a value of another type")
                    }
                }
                feature = .floats(items)
            case 3:
                var items: [Int64] = []
                while let (_, v) = try values.next() {
                    switch v {
                    case .varint(let n): items.append(Int64(bitPattern: n))
                    case .bytes(let packed):
                        var inner = Reader(packed)
                        while !inner.atEnd { items.append(Int64(bitPattern: try inner.varint())) }
                    default: throw Failure(description: "an int64 list holds a value of another type")
                    }
                }
                feature = .ints(items)
            default: break
            }
        }
        return feature
    }

    /// The message in the wire format, features by name in order (as TensorFlow writes map entries).
    public func encoded() -> [UInt8] {
        var map: [UInt8] = []
        for (key, feature) in features.sorted(by: { $0.key < $1.key }) {
            var list: [UInt8] = []
            let kind: UInt64
            switch feature {
            case .bytes(let items):
                kind = 1
                for item in items { list += Writer.field(1, item) }
            case .floats(let items):
                kind = 2
                list = Writer.field(
                    1, items.flatMap { f in (0..<4).map { UInt8(truncatingIfNeeded: f.bitPattern >> (8 * $0)) } })
            case .ints(let items):
                kind = 3
                list = Writer.field(1, items.flatMap { Writer.varint(UInt64(bitPattern: $0)) })
            }
            let entry = Writer.field(1, Array(key.utf8)) + Writer.field(2, Writer.field(kind, list))
            map += Writer.field(1, entry)
        }
        return Writer.field(1, map)
    }
}

/// Protocol-buffer fields read one at a time.
struct Reader {
    enum Value {
        case varint(UInt64)
        case fixed64(UInt64)
        case bytes(ArraySlice<UInt8>)
        case fixed32(UInt32)

        func bytes() throws -> ArraySlice<UInt8> {
            guard case .bytes(let b) = self else {
                throw Example.Failure(description: "expected a length-delimited field")
            }
            return b
        }
    }

    let data: ArraySlice<UInt8>
    var at: Int
    init(_ data: ArraySlice<UInt8>) {
        self.data = data
        at = data.startIndex
    }

    var atEnd: Bool { at >= data.endIndex }

    static func word(_ b: ArraySlice<UInt8>, _ i: Int) -> UInt32 {
        UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
    }

    mutating func varint() throws -> UInt64 {
        var value: UInt64 = 0, shift: UInt64 = 0
        while true {
            guard at < data.endIndex, shift < 64 else { throw Example.Failure(description: "a truncated varint") }
            let byte = data[at]
            at += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
    }

    /// The next field's number and value; nil at the end.
    mutating func next() throws -> (UInt64, Value)? {
        guard !atEnd else { return nil }
        let key = try varint()
        switch key & 7 {
        case 0: return (key >> 3, .varint(try varint()))
        case 1:
            guard data.endIndex - at >= 8 else { throw Example.Failure(description: "a truncated field") }
            defer { at += 8 }
            return (key >> 3, .fixed64(UInt64(Reader.word(data, at)) | UInt64(Reader.word(data, at + 4)) << 32))
        case 2:
            let length = try varint()
            guard length <= UInt64(data.endIndex - at) else { throw Example.Failure(description: "a truncated field") }
            defer { at += Int(length) }
            return (key >> 3, .bytes(data[at..<at + Int(length)]))
        case 5:
            guard data.endIndex - at >= 4 else { throw Example.Failure(description: "a truncated field") }
            defer { at += 4 }
            return (key >> 3, .fixed32(Reader.word(data, at)))
        default: throw Example.Failure(description: "an unknown wire type \(key & 7)")
        }
    }
}

enum Writer {
    static func varint(_ n: UInt64) -> [UInt8] {
        var n = n, out: [UInt8] = []
        while n >= 0x80 {
            out.append(UInt8(n & 0x7F) | 0x80)
            n >>= 7
        }
        return out + [UInt8(n)]
    }

    /// A length-delimited field.
    static func field(_ number: UInt64, _ bytes: [UInt8]) -> [UInt8] {
        varint(number << 3 | 2) + varint(UInt64(bytes.count)) + bytes
    }
}
