import Foundation

/// TFRecord files: each record is its length (8 bytes, little-endian), a masked CRC-32C of the
/// length, the data, and a masked CRC-32C of the data. Reading checks both checksums.
public enum TFRecord {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The records of a file's bytes, in order.
    public static func records(_ bytes: [UInt8], file: String) throws -> [ArraySlice<UInt8>] {
        var records: [ArraySlice<UInt8>] = []
        var at = 0
        while at < bytes.count {
            guard bytes.count - at >= 12 else { throw truncated(file, at) }
            let length = bytes[at..<at + 8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            guard masked(crc32c(bytes[at..<at + 8])) == word(bytes, at + 8) else {
                throw Failure(description: "corrupted record at \(at) in \(file): the length's checksum does not match")
            }
            let start = at + 12
            guard length <= UInt64(bytes.count - start), bytes.count - start - Int(length) >= 4 else {
                throw truncated(file, at)
            }
            let end = start + Int(length)
            guard masked(crc32c(bytes[start..<end])) == word(bytes, end) else {
                throw Failure(description: "corrupted record at \(at) in \(file): the data's checksum does not match")
            }
            records.append(bytes[start..<end])
            at = end + 4
        }
        return records
    }

    /// The records framed as a TFRecord file.
    public static func file(_ records: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = []
        for data in records {
            let length = (0..<8).map { UInt8(truncatingIfNeeded: UInt64(data.count) >> (8 * $0)) }
            out += length + bytes(masked(crc32c(length[...]))) + data + bytes(masked(crc32c(data[...])))
        }
        return out
    }

    private static func truncated(_ file: String, _ at: Int) -> Failure {
        Failure(description: "truncated record at \(at) in \(file)")
    }

    private static func word(_ b: [UInt8], _ at: Int) -> UInt32 {
        UInt32(b[at]) | UInt32(b[at + 1]) << 8 | UInt32(b[at + 2]) << 16 | UInt32(b[at + 3]) << 24
    }

    private static func bytes(_ w: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: w >> (8 * $0)) } }

    /// TFRecord's masking of a CRC: rotated right by 15 bits, plus a constant.
    static func masked(_ crc: UInt32) -> UInt32 { ((crc >> 15) | (crc << 17)) &+ 0xA282_EAD8 }

    /// CRC-32C (Castagnoli), the checksum TFRecord uses.
    static func crc32c(_ data: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return ~crc
    }

    private static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0x82F6_3B78 ^ (c >> 1) : c >> 1 }
        return c
    }
}
